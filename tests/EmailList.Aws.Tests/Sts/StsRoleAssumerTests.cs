using System.Text.RegularExpressions;

using EmailList.Aws.Tests.Ses;
using EmailList.Core.Credentials;

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.Aws.Tests.Sts;

/// <summary>AssumeRole through the real STS SDK client against a scripted STS (query protocol, XML answers).</summary>
public sealed class StsRoleAssumerTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::444455556666:role/emaillist/EmailListSender";
    private const string SessionPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendRawEmail","Resource":"*"}]}""";

    private static readonly RoleAssumptionRequest Request = new(RoleArn, "ext-3f9a7c", "emaillist-acme", TimeSpan.FromMinutes(15), SessionPolicy);

    private ScriptedAwsServer _server = null!;
    private ServiceProvider _services = null!;
    private IRoleAssumer _assumer = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedAwsServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sts:ServiceUrl"] = _server.BaseAddress.ToString(),
            ["Sts:Region"] = "eu-west-1",
            ["Sts:AccessKeyId"] = "AKIAPLATFORMKEY",
            ["Sts:SecretAccessKey"] = "platform-secret",
            ["Sts:PlatformAccountId"] = "111122223333",
            ["Sts:Timeout"] = "00:00:05",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddStsRoleAssumer()
            .BuildServiceProvider();
        _assumer = _services.GetRequiredService<IRoleAssumer>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_successful_answer_becomes_temporary_credentials()
    {
        _server.Respond(200, SuccessXml, contentType: "text/xml");

        var credentials = await _assumer.AssumeRoleAsync(Request, CancellationToken.None);

        Assert.Equal("ASIAEXAMPLETENANT", credentials.AccessKeyId);
        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", credentials.SecretAccessKey);
        Assert.Equal("FwoGZXIvYXdzEXAMPLE//token==", credentials.SessionToken);
        Assert.Equal(new DateTimeOffset(2030, 11, 9, 13, 34, 41, TimeSpan.Zero), credentials.Expiration);
    }

    [Fact]
    public async Task The_request_carries_role_external_id_session_name_duration_and_policy()
    {
        _server.Respond(200, SuccessXml, contentType: "text/xml");

        await _assumer.AssumeRoleAsync(Request, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        var form = QueryHelpers.ParseQuery(request.BodyText);
        Assert.Equal("AssumeRole", form["Action"].ToString());
        Assert.Equal("2011-06-15", form["Version"].ToString());
        Assert.Equal(RoleArn, form["RoleArn"].ToString());
        Assert.Equal("ext-3f9a7c", form["ExternalId"].ToString());
        Assert.Equal("emaillist-acme", form["RoleSessionName"].ToString());
        Assert.Equal("900", form["DurationSeconds"].ToString());
        Assert.Equal(SessionPolicy, form["Policy"].ToString());
        Assert.Matches(new Regex(@"^AWS4-HMAC-SHA256 Credential=AKIAPLATFORMKEY/\d{8}/eu-west-1/sts/aws4_request, "), request.Header("Authorization"));
    }

    [Fact]
    public async Task Access_denied_explains_the_three_causes_and_the_fix()
    {
        _server.Respond(403, ErrorXml("Sender", "AccessDenied",
            $"User: arn:aws:iam::111122223333:user/emaillist is not authorized to perform: sts:AssumeRole on resource: {RoleArn}"), contentType: "text/xml");

        var error = await Assert.ThrowsAsync<RoleAssumptionException>(() => _assumer.AssumeRoleAsync(Request, CancellationToken.None));

        Assert.Equal(RoleAssumptionFailure.AccessDenied, error.Failure);
        Assert.Contains(RoleArn, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("111122223333", error.Message, StringComparison.Ordinal);
        Assert.Contains("external ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("sts:ExternalId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ext-3f9a7c", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, "RegionDisabledException", RoleAssumptionFailure.RegionDisabled)]
    [InlineData(400, "MalformedPolicyDocument", RoleAssumptionFailure.InvalidRequest)]
    [InlineData(400, "PackedPolicyTooLarge", RoleAssumptionFailure.InvalidRequest)]
    [InlineData(400, "ValidationError", RoleAssumptionFailure.InvalidRequest)]
    [InlineData(403, "InvalidClientTokenId", RoleAssumptionFailure.PlatformCredentialsRejected)]
    [InlineData(403, "SignatureDoesNotMatch", RoleAssumptionFailure.PlatformCredentialsRejected)]
    [InlineData(400, "ExpiredToken", RoleAssumptionFailure.PlatformCredentialsRejected)]
    public async Task Each_sts_error_code_maps_to_its_failure(int status, string code, RoleAssumptionFailure expected)
    {
        _server.Respond(status, ErrorXml("Sender", code, $"STS says {code}"), contentType: "text/xml");

        var error = await Assert.ThrowsAsync<RoleAssumptionException>(() => _assumer.AssumeRoleAsync(Request, CancellationToken.None));

        Assert.Equal(expected, error.Failure);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_failing_sts_is_unavailable()
    {
        _server.RespondAlways(503, ErrorXml("Receiver", "ServiceUnavailable", "Service is unavailable"), contentType: "text/xml");

        var error = await Assert.ThrowsAsync<RoleAssumptionException>(() => _assumer.AssumeRoleAsync(Request, CancellationToken.None));

        Assert.Equal(RoleAssumptionFailure.Unavailable, error.Failure);
    }

    private const string SuccessXml = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::444455556666:assumed-role/EmailListSender/emaillist-acme</Arn>
              <AssumedRoleId>AROA3XFRBF535PLBIFPI4:emaillist-acme</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <AccessKeyId>ASIAEXAMPLETENANT</AccessKeyId>
              <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
              <SessionToken>FwoGZXIvYXdzEXAMPLE//token==</SessionToken>
              <Expiration>2030-11-09T13:34:41Z</Expiration>
            </Credentials>
            <PackedPolicySize>6</PackedPolicySize>
          </AssumeRoleResult>
          <ResponseMetadata>
            <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
          </ResponseMetadata>
        </AssumeRoleResponse>
        """;

    private static string ErrorXml(string type, string code, string message) => $"""
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error>
            <Type>{type}</Type>
            <Code>{code}</Code>
            <Message>{System.Security.SecurityElement.Escape(message)}</Message>
          </Error>
          <RequestId>4a3e1b2c-0000-4000-8000-000000000000</RequestId>
        </ErrorResponse>
        """;
}
