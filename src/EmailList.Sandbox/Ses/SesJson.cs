using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace EmailList.Sandbox.Ses;

/// <summary>SES v2 rest-json answers: member names as in the Smithy model, errors as <c>{"message"}</c> plus <c>x-amzn-ErrorType</c>.</summary>
internal static class SesJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
    };

    public static IResult Error(int statusCode, string code, string message) =>
        new SesResult(statusCode, new SesErrorBody(message), code);

    public static IResult Error(AwsError error) => Error(error.StatusCode, error.Code, error.Message);

    public static IResult Ok<T>(T body) => new SesResult(StatusCodes.Status200OK, body, null);

    private sealed record SesErrorBody([property: JsonPropertyName("message")] string Message);

    private sealed class SesResult(int statusCode, object? body, string? errorType) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            if (errorType is not null)
            {
                response.Headers["x-amzn-ErrorType"] = errorType;
            }

            response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(response.Body, body, body?.GetType() ?? typeof(object), Options, httpContext.RequestAborted);
        }
    }
}
