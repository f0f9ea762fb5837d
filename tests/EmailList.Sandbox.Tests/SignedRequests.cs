using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using EmailList.Core.Credentials;

namespace EmailList.Sandbox.Tests;

/// <summary>Hand-made SES v2 and EventBridge requests signed by AWSSDK.Core's SigV4 signer, for shapes our clients do not send.</summary>
public static class SignedRequests
{
    public static Task<HttpResponseMessage> SendAsync(Uri baseUrl, HttpMethod method, string relativePath, string? json, TemporaryCredentials credentials, string region = "us-east-1") =>
        SendAsync(baseUrl, method, relativePath, json, Session(credentials), region, "ses", "application/json", target: null);

    /// <summary>An EventBridge JSON 1.1 call (<c>POST /</c>, <c>X-Amz-Target: AWSEvents.{operation}</c>).</summary>
    public static Task<HttpResponseMessage> EventBridgeAsync(Uri baseUrl, string operation, string json, AWSCredentials credentials, string region = "us-east-1", string service = "events") =>
        SendAsync(baseUrl, HttpMethod.Post, string.Empty, json, credentials, region, service, "application/x-amz-json-1.1", "AWSEvents." + operation);

    public static AWSCredentials Session(TemporaryCredentials credentials) =>
        new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);

    private static async Task<HttpResponseMessage> SendAsync(
        Uri baseUrl, HttpMethod method, string relativePath, string? json, AWSCredentials credentials, string region, string service, string contentType, string? target)
    {
        var body = json is null ? null : System.Text.Encoding.UTF8.GetBytes(json);
        var request = new HttpRequestMessage(method, new Uri(baseUrl, relativePath));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = request.RequestUri, Content = body };
        if (body is not null)
        {
            signing.Headers["Content-Type"] = contentType;
        }

        if (target is not null)
        {
            signing.Headers["X-Amz-Target"] = target;
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        var result = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(region),
            Service = service,
            SignPayload = true,
            SignedAt = DateTime.UtcNow,
        });
        foreach (var (name, value) in result.Headers)
        {
            if (!string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "X-Amz-Target", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var http = new HttpClient();
        return await http.SendAsync(request);
    }
}
