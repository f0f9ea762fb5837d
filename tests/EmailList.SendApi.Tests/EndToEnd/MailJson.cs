using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EmailList.SendApi.Tests.EndToEnd;

/// <summary>Request bodies and response reading for POST /mail tests.</summary>
public static class MailJson
{
    public static object Simple(string to = "success@simulator.amazonses.com", string subject = "Hello") => new
    {
        from = "Acme <news@example.com>",
        to = new[] { to },
        subject,
        text = "Hello there.",
    };

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostMailAsync(this HttpClient client, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mail") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostBatchAsync(this HttpClient client, object body, string? validation = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mail/batch") { Content = body as HttpContent ?? JsonContent.Create(body) };
        if (validation is not null)
        {
            request.Headers.Add("x-batch-validation", validation);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> ProblemDetailAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.JsonAsync();
        return json.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : json.GetProperty("title").GetString() ?? "";
    }
}
