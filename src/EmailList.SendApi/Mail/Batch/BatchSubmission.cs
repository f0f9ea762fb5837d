using System.Globalization;
using EmailList.Core.Sending;
using EmailList.Core.Tenants;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace EmailList.SendApi.Mail.Batch;

/// <summary>
/// A batch of messages for one tenant (already found and checked): every item prepared through
/// <see cref="MailSubmission"/> as POST /mail prepares it, then, unless strict validation found an invalid item, the
/// valid ones delivered concurrently, each immediate send first waiting for the tenant's send rate.
/// </summary>
public sealed class BatchSubmission(MailSubmission submission, ISendRateGate rateGate, ILogger<BatchSubmission> logger)
{
    public async Task<Results<Ok<BatchResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        Tenant tenant, IReadOnlyList<SendMailRequest> items, BatchValidation mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(items);
        var prepared = new PreparedMail?[items.Count];
        var errors = new BatchItemError?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var (mail, problem) = await submission.PrepareAsync(tenant, items[i], cancellationToken);
            prepared[i] = mail;
            errors[i] = problem is null ? null : ToError(i, problem.Result, retryAfter: null);
        }

        if (mode == BatchValidation.Strict && errors.Any(e => e is not null))
        {
            var invalid = errors.OfType<BatchItemError>().ToList();
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "The batch is not valid",
                $"Nothing was sent: {invalid.Count} of {items.Count} messages cannot be sent (items {string.Join(", ", invalid.Select(e => e.Index))}; "
                + "'errors' says why, per index). Fix them and send the batch again, or send it with 'x-batch-validation: permissive' to send the valid ones.",
                new Dictionary<string, object?> { ["errors"] = invalid });
        }

        // Once delivery starts it runs to the end even if the caller goes away, so the answer (kept under an
        // Idempotency-Key) accounts for every item that went out.
        var results = new BatchItemResult?[items.Count];
        var toDeliver = Enumerable.Range(0, items.Count).Where(i => prepared[i] is not null);
        await Parallel.ForEachAsync(toDeliver, new ParallelOptions { MaxDegreeOfParallelism = MailLimits.BatchConcurrency }, async (i, token) =>
        {
            try
            {
                (results[i], errors[i]) = await DeliverAsync(tenant, i, prepared[i]!, token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                BatchLog.ItemFailed(logger, e, tenant.Id, i);
                errors[i] = new BatchItemError(i, "An unexpected error stopped this message; it may or may not have been sent.",
                    StatusCodes.Status500InternalServerError, "Internal error");
            }
        });

        var response = new BatchResponse(results.OfType<BatchItemResult>().ToList(), errors.OfType<BatchItemError>().ToList());
        BatchLog.Completed(logger, tenant.Id, items.Count, mode, response.Data.Count, response.Errors.Count);
        return TypedResults.Ok(response);
    }

    private async Task<(BatchItemResult? Result, BatchItemError? Error)> DeliverAsync(Tenant tenant, int index, PreparedMail mail, CancellationToken cancellationToken)
    {
        if (mail.Scheduled is null)
        {
            await rateGate.WaitAsync(tenant, mail.Recipients, cancellationToken);
        }

        // Each item gets its own response to carry a Retry-After: the batch's is shared by concurrent items.
        var itemResponse = new DefaultHttpContext().Response;
        var outcome = await submission.DeliverAsync(tenant, mail, itemResponse, cancellationToken);
        if (outcome.Result is Ok<SendMailResponse> { Value: { } sent })
        {
            return (new BatchItemResult(index, sent.Id, sent.Suppressed, sent.Status, sent.ScheduledAt), null);
        }

        var retryAfter = int.TryParse(itemResponse.Headers.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : (int?)null;
        return (null, ToError(index, outcome.Result, retryAfter));
    }

    private static BatchItemError ToError(int index, IResult problem, int? retryAfter) => problem switch
    {
        ValidationProblem { ProblemDetails: var details } => new BatchItemError(index,
            string.Join(" ", details.Errors.SelectMany(field => field.Value.Select(message => $"{field.Key}: {message}"))),
            details.Status ?? StatusCodes.Status400BadRequest, details.Title ?? "The message is not valid", details.Errors),
        ProblemHttpResult { ProblemDetails: var details } => new BatchItemError(index,
            details.Detail ?? details.Title ?? "The message cannot be sent.",
            details.Status ?? StatusCodes.Status500InternalServerError, details.Title ?? "",
            Suppressed: details.Extensions.TryGetValue("suppressed", out var suppressed) ? suppressed as IReadOnlyList<string> : null,
            RetryAfterSeconds: retryAfter),
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem.GetType().Name, "Not a problem answer."),
    };
}
