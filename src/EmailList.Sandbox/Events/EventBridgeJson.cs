using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace EmailList.Sandbox.Events;

/// <summary>EventBridge's JSON 1.1 answers: <c>application/x-amz-json-1.1</c>, errors as <c>{"__type", "message"}</c> (status 400, or 500 for InternalException).</summary>
internal static class EventBridgeJson
{
    public const string ContentType = "application/x-amz-json-1.1";

    public static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static IResult Error(string code, string message, int statusCode = StatusCodes.Status400BadRequest) =>
        new JsonResult(statusCode, new ErrorBody(code, message));

    public static IResult Error(AwsError error) => Error(error.Code, error.Message, error.StatusCode);

    public static IResult Ok(object body) => new JsonResult(StatusCodes.Status200OK, body);

    private sealed record ErrorBody([property: JsonPropertyName("__type")] string Type, [property: JsonPropertyName("message")] string Message);

    private sealed class JsonResult(int statusCode, object body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            response.ContentType = ContentType;
            await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), Options, httpContext.RequestAborted);
        }
    }
}
