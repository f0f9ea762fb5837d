using System.Net;
using System.Text.Json;

namespace EmailList.Sandbox.Tests;

/// <summary>A raw AWS answer: status, error code (rest-json's x-amzn-ErrorType or JSON 1.1's __type), message and body.</summary>
public sealed record AwsAnswer(HttpStatusCode Status, string? ErrorCode, string? Message, JsonElement Body, string? ContentType)
{
    public static async Task<AwsAnswer> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            var code = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First()
                : body.ValueKind == JsonValueKind.Object && body.TryGetProperty("__type", out var type) ? type.GetString() : null;
            var message = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out var m) ? m.GetString() : null;
            return new AwsAnswer(response.StatusCode, code, message, body, response.Content.Headers.ContentType?.MediaType);
        }
    }
}
