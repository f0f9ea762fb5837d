using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Lists;

/// <summary>Reads a JSON body within a size bound, answering 413 or 400 (naming the member) when it cannot.</summary>
internal static class JsonRequestBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest http, int maxBytes, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var body = await RequestBody.ReadAsync(http, maxBytes, cancellationToken);
        if (body is null)
        {
            return (null, Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body is larger than {maxBytes} bytes."));
        }

        try
        {
            var value = body.Length == 0 ? null : JsonSerializer.Deserialize(body, typeInfo);
            return value is null ? (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid. {JsonErrors.Describe(e, body, typeInfo)}"));
        }
    }
}
