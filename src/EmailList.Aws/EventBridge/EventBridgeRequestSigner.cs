using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace EmailList.Aws.EventBridge;

/// <summary>
/// Signs one EventBridge request through AWSSDK.Core's SigV4 signer, per request because the credentials
/// differ by call: the platform's for permissions, a tenant's session for rules.
/// </summary>
internal static class EventBridgeRequestSigner
{
    public const string ServiceName = "events";

    public static async Task SignAsync(
        HttpRequestMessage request, byte[] body, AWSCredentials credentials, string region, DateTime signedAtUtc, CancellationToken cancellationToken)
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

        foreach (var (name, values) in request.Headers)
        {
            signingRequest.Headers[name] = string.Join(',', values.Select(value => value.Trim()));
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(region),
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
