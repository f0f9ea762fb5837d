using System.Net;
using System.Text.Json;

namespace EmailList.EventIngester.Tests;

public static class IngestResponses
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a 200 and returns its (stored, duplicates, dropped).</summary>
    public static async Task<(int Stored, int Duplicates, int Dropped)> CountsAsync(this HttpResponseMessage response)
    {
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {json}");
        return (json.GetProperty("stored").GetInt32(), json.GetProperty("duplicates").GetInt32(), json.GetProperty("dropped").GetInt32());
    }

    /// <summary>Asserts a ProblemDetails answer with the status and returns its detail.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.JsonAsync();
        var detail = json.GetProperty("detail").GetString()!;
        Assert.DoesNotContain("   at ", detail, StringComparison.Ordinal);
        return detail;
    }
}
