using System.Globalization;
using System.Text.Json;
using EmailList.EventIngester.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using EmailList.ServiceDefaults.Http;

namespace EmailList.EventIngester.Events;

public static class SesEventEndpoints
{
    public static IEndpointRouteBuilder MapSesEventEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/ses-events")
            .WithTags("SES events")
            .MapPost("", IngestAsync)
            .WithName("IngestSesEvents")
            .WithSummary("Store SES events as an EventBridge API destination delivers them: one event object or a JSON array of them.")
            .AcceptsJsonOnly<JsonElement>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        return routes;
    }

    internal static async Task<Results<Ok<IngestResponse>, ProblemHttpResult>> IngestAsync(
        HttpContext http,
        SesEventIngestor ingestor,
        IOptions<IngesterOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var presented = http.Request.Headers[IngestKey.HeaderName];
        if (presented.Count != 1 || !IngestKey.MatchesAny(presented[0], settings.SharedSecret, settings.PreviousSharedSecret))
        {
            return Problem(StatusCodes.Status401Unauthorized, "Missing or wrong ingest key",
                $"Send the shared secret configured as {IngesterOptions.SectionName}:{nameof(IngesterOptions.SharedSecret)} in the {IngestKey.HeaderName} header "
                + $"(during a rotation, {IngesterOptions.SectionName}:{nameof(IngesterOptions.PreviousSharedSecret)} is accepted too).");
        }

        var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"The body is larger than {settings.MaxBodyBytes} bytes; send fewer events per request.");
        }

        IReadOnlyList<ParsedSesEvent> batch;
        try
        {
            batch = SesEventParser.ParseBody(body, time.GetUtcNow(), settings.MaxBatchSize);
        }
        catch (SesEventFormatException e)
        {
            var title = e.InnerException is JsonException ? "Malformed JSON" : e.Index is null ? "Malformed body" : "Not an SES event";
            var extensions = e.Index is { } index ? new Dictionary<string, object?> { ["eventIndex"] = index } : null;
            return Problem(StatusCodes.Status400BadRequest, title, e.Message, extensions);
        }

        try
        {
            return TypedResults.Ok(await ingestor.IngestAsync(batch, cancellationToken));
        }
        catch (EventStorageException)
        {
            http.Response.Headers.RetryAfter = "5";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Events not stored",
                "The event store is unavailable, so nothing in this request was acknowledged; send it again later.");
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
