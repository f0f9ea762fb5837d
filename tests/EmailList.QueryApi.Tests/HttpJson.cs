using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EmailList.QueryApi.Tests;

public static class HttpJson
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the status, then returns the body.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string uri, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(uri);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {uri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string uri, object body) => client.PutAsJsonAsync(uri, body);

    public static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    /// <summary>The ids of a page of GET /events.</summary>
    public static List<string> Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();

    /// <summary>The field names of a ValidationProblem's errors.</summary>
    public static List<string> ErrorFields(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

    public static string ErrorText(this JsonElement problem) =>
        string.Join(" ", problem.GetProperty("errors").EnumerateObject().SelectMany(p => p.Value.EnumerateArray()).Select(v => v.GetString()));
}
