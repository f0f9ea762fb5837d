using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Http;

/// <summary>Reads a small JSON request body, answering with a ProblemDetails when it is too large or not the expected object.</summary>
internal static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest http, JsonTypeInfo<T> typeInfo, string example, CancellationToken cancellationToken)
        where T : class
    {
        var body = await RequestBody.ReadAsync(http, MaxBytes, cancellationToken);
        if (body is null)
        {
            return (null, Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body is larger than {MaxBytes} bytes."));
        }

        try
        {
            var value = body.Length == 0 ? null : JsonSerializer.Deserialize(body, typeInfo);
            return value is null ? (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body must be a JSON object such as {example}.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid. {JsonErrors.Describe(e, body, typeInfo)} Send a JSON object such as {example}."));
        }
    }
}
