using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

using EmailList.Core.Ses;

namespace EmailList.Aws.Ses;

/// <summary>
/// Signs one request with the tenant's session credentials through AWSSDK.Core's SigV4 signer.
/// Per request, not a handler bound to one credential set, because every tenant has its own.
/// </summary>
internal static class SesRequestSigner
{
    public const string ServiceName = "ses";

    public static async Task SignAsync(HttpRequestMessage request, byte[]? body, SesSession session, DateTime signedAtUtc, CancellationToken cancellationToken)
    {
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri,
            Content = body,
        };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            signingRequest.Headers["Content-Type"] = contentType.ToString();
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials(session.Credentials.AccessKeyId, session.Credentials.SecretAccessKey, session.Credentials.SessionToken),
            Region = RegionEndpoint.GetBySystemName(session.Region),
            Service = ServiceName,
            SignPayload = true,
            SignedAt = signedAtUtc,
        };

        var result = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken);
        foreach (var (name, value) in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
