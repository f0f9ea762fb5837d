using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using EmailList.Core.Credentials;

namespace EmailList.Sandbox.Tests;

/// <summary>Hand-made SES v2 requests signed by AWSSDK.Core's SigV4 signer, for shapes our client does not send (Simple content, unknown routes).</summary>
public static class SignedRequests
{
    public static async Task<HttpResponseMessage> SendAsync(Uri baseUrl, HttpMethod method, string relativePath, string? json, TemporaryCredentials credentials)
    {
        var body = json is null ? null : System.Text.Encoding.UTF8.GetBytes(json);
        var request = new HttpRequestMessage(method, new Uri(baseUrl, relativePath));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = request.RequestUri, Content = body };
        if (body is not null)
        {
            signing.Headers["Content-Type"] = "application/json";
        }

        var result = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            Region = RegionEndpoint.USEast1,
            Service = "ses",
            SignPayload = true,
            SignedAt = DateTime.UtcNow,
        });
        foreach (var (name, value) in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var http = new HttpClient();
        return await http.SendAsync(request);
    }
}
