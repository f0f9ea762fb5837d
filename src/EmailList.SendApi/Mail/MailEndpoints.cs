using System.Text.Json;
using EmailList.Core.Tenants;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using EmailList.ServiceDefaults.Http;

namespace EmailList.SendApi.Mail;

public static class MailEndpoints
{
    /// <summary>The largest PATCH /mail/{id} body: one time.</summary>
    private const int MaxRescheduleBytes = 4096;

    public static IEndpointRouteBuilder MapMailEndpoints(this IEndpointRouteBuilder routes)
    {
        var mail = routes.MapGroup("/mail")
            .RequireAuthorization(Policies.MailSend)
            .WithTags("Mail");
        mail.MapPost("", SendAsync)
            .WithName("SendMail")
            .WithSummary("Send one message through the tenant's SES account, or, with scheduledAt, store it to be sent then.")
            .AcceptsJsonOnly<SendMailRequest>()
            .ProducesProblems([StatusCodes.Status413PayloadTooLarge, .. AwsFailureProblems.Statuses])
            .DisableAntiforgery();
        mail.MapGet("/{id}", GetScheduledAsync)
            .WithName("GetScheduledMail")
            .WithSummary("A scheduled send: its status, time, and once sent SES's message id and the recipients suppressed then.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        mail.MapPatch("/{id}", RescheduleAsync)
            .WithName("RescheduleMail")
            .WithSummary("Move a scheduled send to another time (while it is still scheduled).")
            .AcceptsJsonOnly<RescheduleMailRequest>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge)
            .DisableAntiforgery();
        mail.MapDelete("/{id}", CancelAsync)
            .WithName("CancelMail")
            .WithSummary("Cancel a scheduled send (while it is still scheduled).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return routes;
    }

    internal static Task<Results<Ok<ScheduledMailResponse>, ProblemHttpResult>> GetScheduledAsync(
        string id, CallerTenant caller, MailScheduler scheduler, CancellationToken cancellationToken) =>
        scheduler.GetAsync(caller.TenantId, id, cancellationToken);

    internal static Task<Results<Ok<ScheduledMailResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string id, CallerTenant caller, MailScheduler scheduler, CancellationToken cancellationToken) =>
        scheduler.CancelAsync(caller.TenantId, id, cancellationToken);

    internal static async Task<Results<Ok<ScheduledMailResponse>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(
        string id, HttpContext http, CallerTenant caller, MailScheduler scheduler, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http.Request, MaxRescheduleBytes, cancellationToken);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"The request body is larger than {MaxRescheduleBytes} bytes; send only {{\"scheduledAt\": \"...\"}}.");
        }

        RescheduleMailRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, SendApiJsonContext.Default.RescheduleMailRequest);
        }
        catch (JsonException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON",
                $"The body is not a valid reschedule. {JsonErrors.Describe(e, body, SendApiJsonContext.Default.RescheduleMailRequest)}");
        }

        if (request is null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", "The body must be a JSON object: {\"scheduledAt\": \"2026-05-04T09:00:00+02:00\"}.");
        }

        return await scheduler.RescheduleAsync(caller.TenantId, id, request.ScheduledAt, cancellationToken);
    }

    internal static async Task<Results<Ok<SendMailResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        HttpContext http,
        CallerTenant caller,
        TenantDirectory tenants,
        MailSubmission submission,
        MailIdempotency idempotency,
        IOptions<MailOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http.Request, options.Value.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"The request body is larger than {options.Value.MaxRequestBytes} bytes; send smaller attachments or link to them.");
        }

        string? idempotencyKey = http.Request.Headers[MailIdempotency.KeyHeader];
        if (idempotencyKey is not null && !MailIdempotency.IsValidKey(idempotencyKey))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                $"An Idempotency-Key is 1-{MailLimits.MaxIdempotencyKeyLength} printable ASCII characters.");
        }

        SendMailRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, SendApiJsonContext.Default.SendMailRequest);
        }
        catch (JsonException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not a valid message. {JsonErrors.Describe(e, body, SendApiJsonContext.Default.SendMailRequest)}");
        }

        if (request is null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", "The body must be a JSON object.");
        }

        var tenant = await tenants.GetAsync(caller.TenantId, cancellationToken);
        if (MailSubmission.RefuseUnlessReady(tenant, caller.TenantId) is { } refusal)
        {
            return refusal;
        }

        return idempotencyKey is null
            ? await submission.SubmitAsync(tenant!, request, http.Response, cancellationToken)
            : await idempotency.SendOnceAsync(http.Response, caller.TenantId, idempotencyKey, body,
                (Response: http.Response, Tenant: tenant!, Request: request, Submission: submission),
                static (s, ct) => s.Submission.SubmitAsync(s.Tenant, s.Request, s.Response, ct), cancellationToken);
    }
}
