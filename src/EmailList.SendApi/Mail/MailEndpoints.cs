using System.Text.Json;
using EmailList.Core.Tenants;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using EmailList.ServiceDefaults.Http;

namespace EmailList.SendApi.Mail;

public static class MailEndpoints
{
    public static IEndpointRouteBuilder MapMailEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/mail")
            .RequireAuthorization(Policies.MailSend)
            .WithTags("Mail")
            .MapPost("", SendAsync)
            .WithName("SendMail")
            .WithSummary("Send one message through the tenant's SES account.")
            .AcceptsJsonOnly<SendMailRequest>()
            .ProducesProblems([StatusCodes.Status413PayloadTooLarge, .. AwsFailureProblems.Statuses])
            .DisableAntiforgery();
        return routes;
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
