using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace EmailList.SendApi.Tests.Subscriptions;

/// <summary>How a browser form and a script post a sign-up.</summary>
internal static class PublicHttp
{
    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string publicKey, object body) =>
        client.PostAsJsonAsync($"/subscribe/{publicKey}", body);

    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string publicKey, IEnumerable<KeyValuePair<string, string>> fields, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/subscribe/{publicKey}") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return client.SendAsync(request);
    }

    /// <summary>A client that sees redirects as they are, as a test of the 303 must.</summary>
    public static HttpClient NoRedirects(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    public static Task<HttpResponseMessage> PostEmptyFormAsync(HttpClient client, string path) =>
        client.PostAsync(path, new FormUrlEncodedContent([]));
}
