using System.Globalization;

using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

using EmailList.Aws.Ses;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;

namespace EmailList.Aws.Tests.Ses;

/// <summary>
/// The client signs its hot requests itself; AWS accepts them only if the signature is exactly the one
/// AWSSDK.Core's SigV4 signer computes for the same request, so that is what every case here checks.
/// </summary>
public sealed class SesRequestSignatureTests : ScriptedSesTests
{
    [Fact]
    public async Task SendEmail_is_signed_exactly_as_the_AWS_SDK_signs_it()
    {
        Server.Respond(200, """{"MessageId":"m-1"}""");

        await Client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email("From: a@example.com\r\n\r\nh\u00e9llo"u8.ToArray()), CancellationToken.None);

        AssertSignedAsTheSdkSigns(Assert.Single(Server.Requests), SesTestClient.Session);
    }

    [Fact]
    public async Task A_long_session_token_and_another_region_are_signed_exactly_as_the_AWS_SDK_signs_them()
    {
        Server.Respond(200, """{"MessageId":"m-1"}""");
        var session = new SesSession(
            new TemporaryCredentials("ASIALONGTOKENKEY0001", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjE" + new string('A', 1500) + "/+==", DateTimeOffset.UtcNow.AddHours(1)),
            "ap-southeast-2");

        await Client.SendEmailAsync(session, SesTestClient.Email(new byte[64 * 1024]), CancellationToken.None);

        AssertSignedAsTheSdkSigns(Assert.Single(Server.Requests), session);
    }

    [Fact]
    public async Task A_request_without_a_body_is_signed_exactly_as_the_AWS_SDK_signs_it()
    {
        Server.Respond(200, """{"SendingEnabled":true,"ProductionAccessEnabled":true}""");

        await Client.GetAccountAsync(SesTestClient.Session, CancellationToken.None);

        AssertSignedAsTheSdkSigns(Assert.Single(Server.Requests), SesTestClient.Session);
    }

    [Fact]
    public async Task Requests_with_an_escaped_path_or_a_query_are_signed_exactly_as_the_AWS_SDK_signs_them()
    {
        Server.RespondAlways(200, "{}");

        await Client.DeleteSuppressedDestinationAsync(SesTestClient.Session, "a+b/c@example.org", CancellationToken.None);
        await Client.ListSuppressedDestinationsAsync(SesTestClient.Session, "tok/1+==", 10, CancellationToken.None);

        Assert.Equal(2, Server.Requests.Count);
        AssertSignedAsTheSdkSigns(Server.Requests[0], SesTestClient.Session);
        AssertSignedAsTheSdkSigns(Server.Requests[1], SesTestClient.Session);
    }

    private void AssertSignedAsTheSdkSigns(RecordedRequest request, SesSession session)
    {
        var signedAt = DateTime.ParseExact(request.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = new HttpMethod(request.Method),
            RequestUri = new Uri(Server.BaseAddress, request.RawTarget),
            Content = request.Body.Length == 0 ? null : request.Body,
        };
        if (request.Header("Content-Type") is { } contentType)
        {
            signingRequest.Headers["Content-Type"] = contentType;
        }

        var expected = AWSSigV4Signer.Sign(signingRequest, new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials(session.Credentials.AccessKeyId, session.Credentials.SecretAccessKey, session.Credentials.SessionToken),
            Region = RegionEndpoint.GetBySystemName(session.Region),
            Service = "ses",
            SignPayload = true,
            SignedAt = signedAt,
        });

        foreach (var (name, value) in expected.Headers)
        {
            Assert.Equal(value, request.Header(name));
        }
    }
}
