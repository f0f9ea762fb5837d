using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EmailList.Sandbox.Sqs;

/// <summary>
/// SQS's AWS JSON 1.0 answers: <c>application/x-amz-json-1.0</c>; errors as <c>{"__type": "com.amazonaws.sqs#Code", "message"}</c> with the
/// query-compatible code in <c>x-amzn-query-error</c> (<c>Code;Sender</c>), which SDKs surface as the error code.
/// </summary>
internal static class SqsJson
{
    public const string ContentType = "application/x-amz-json-1.0";

    public static IResult Ok(JsonObject body) => new JsonResult(StatusCodes.Status200OK, body, null);

    /// <param name="queryCode">The code of SQS's older query protocol where it differs (e.g. <c>AWS.SimpleQueueService.NonExistentQueue</c>).</param>
    public static IResult Error(string code, string message, string? queryCode = null, int statusCode = StatusCodes.Status400BadRequest) =>
        new JsonResult(statusCode, new JsonObject { ["__type"] = "com.amazonaws.sqs#" + code, ["message"] = message },
            $"{queryCode ?? code};{(statusCode >= 500 ? "Receiver" : "Sender")}");

    public static IResult Error(AwsError error) => Error(error.Code, error.Message, null, error.StatusCode);

    private sealed class JsonResult(int statusCode, JsonObject body, string? queryError) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            if (queryError is not null)
            {
                response.Headers["x-amzn-query-error"] = queryError;
            }

            response.ContentType = ContentType;
            await using var writer = new Utf8JsonWriter(response.Body);
            body.WriteTo(writer);
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }
}
