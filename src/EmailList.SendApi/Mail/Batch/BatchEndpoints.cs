using System.Text.Json;
using EmailList.Core.Tenants;
using EmailList.ServiceDefaults.Auth;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Mail.Batch;

public static class BatchEndpoints
{
    public const string ValidationHeader = "x-batch-validation";

    private const string BatchShape = "The body must be a JSON array of 1-100 messages, each an object as POST /mail takes it: [{\"from\": ..., \"to\": [...], ...}, ...].";

    public static IEndpointRouteBuilder MapBatchEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/mail")
            .RequireAuthorization(Policies.MailSend)
            .WithTags("Mail")
            .MapPost("/batch", SendBatchAsync)
            .WithName("SendMailBatch")
            .WithSummary("Send (or schedule) 1-100 messages, each as POST /mail takes it; the x-batch-validation header "
                + "(strict, the default, or permissive) says whether one invalid message stops the batch.")
            .AcceptsJsonOnly<List<SendMailRequest>>()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        return routes;
    }

    internal static async Task<Results<Ok<BatchResponse>, ValidationProblem, ProblemHttpResult>> SendBatchAsync(
        HttpContext http,
        CallerTenant caller,
        TenantDirectory tenants,
        BatchSubmission batches,
        MailIdempotency idempotency,
        IOptions<MailOptions> options,
        CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxBatchRequestBytes;
        var body = await RequestBody.ReadAsync(http.Request, maxBytes, cancellationToken);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"The batch is larger than {maxBytes} bytes; split it into smaller batches, or link to large attachments instead of attaching them.");
        }

        var modeHeader = http.Request.Headers[ValidationHeader];
        BatchValidation mode;
        if (modeHeader.Count == 0 || string.Equals(modeHeader, "strict", StringComparison.OrdinalIgnoreCase))
        {
            mode = BatchValidation.Strict;
        }
        else if (string.Equals(modeHeader, "permissive", StringComparison.OrdinalIgnoreCase))
        {
            mode = BatchValidation.Permissive;
        }
        else
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid x-batch-validation",
                $"x-batch-validation is 'strict' (the default: nothing is sent if any message is invalid) or 'permissive' (the valid messages are sent), not '{Shorten(modeHeader.ToString())}'.");
        }

        string? idempotencyKey = http.Request.Headers[MailIdempotency.KeyHeader];
        if (idempotencyKey is not null && !MailIdempotency.IsValidKey(idempotencyKey))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                $"An Idempotency-Key is 1-{MailLimits.MaxIdempotencyKeyLength} printable ASCII characters.");
        }

        var (items, problem) = Parse(body);
        if (problem is not null)
        {
            return problem;
        }

        var tenant = await tenants.GetAsync(caller.TenantId, cancellationToken);
        if (MailSubmission.RefuseUnlessReady(tenant, caller.TenantId) is { } refusal)
        {
            return refusal;
        }

        return idempotencyKey is null
            ? await batches.SubmitAsync(tenant!, items!, mode, cancellationToken)
            : await idempotency.SendOnceAsync(http.Response, caller.TenantId, idempotencyKey, body, $"batch:{mode}", SendApiJsonContext.Default.BatchResponse,
                (Tenant: tenant!, Items: items!, Mode: mode, Batches: batches),
                static (s, ct) => s.Batches.SubmitAsync(s.Tenant, s.Items, s.Mode, ct), cancellationToken);
    }

    private static (List<SendMailRequest>? Items, ProblemHttpResult? Problem) Parse(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "Not a batch", BatchShape));
            }
        }
        catch (JsonException)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", BatchShape));
        }

        List<SendMailRequest?>? items;
        try
        {
            items = JsonSerializer.Deserialize(body, SendApiJsonContext.Default.ListSendMailRequest);
        }
        catch (JsonException e)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON",
                $"The body is not a valid batch. {JsonErrors.Describe(e, body, SendApiJsonContext.Default.ListSendMailRequest)}"));
        }

        if (items is null or { Count: 0 })
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Empty batch", $"The batch has no messages. {BatchShape}"));
        }

        if (items.Count > MailLimits.MaxBatchMessages)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Too many messages",
                $"The batch has {items.Count} messages; a batch holds at most {MailLimits.MaxBatchMessages}. Split it into batches of {MailLimits.MaxBatchMessages} or fewer."));
        }

        var missing = items.FindIndex(i => i is null);
        if (missing >= 0)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", $"Item {missing} is null. {BatchShape}"));
        }

        return (items.ConvertAll(i => i!), null);
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
