using System.Text.Json;
using EmailList.Core.Credentials;
using EmailList.Core.Mail;
using EmailList.Core.Ses;
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
        MailSender sender,
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

        if (!SendMailRequestValidator.TryValidate(request, out var message, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The message is not valid");
        }

        var tenant = await tenants.GetAsync(caller.TenantId, cancellationToken);
        if (tenant is null)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "Unknown tenant", $"The token names tenant '{caller.TenantId}', which does not exist.");
        }

        if (!tenant.CanSend)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Tenant not ready to send",
                tenant.Status == TenantStatus.Suspended
                    ? "The tenant is suspended."
                    : "The tenant has no verified IAM role yet: set one with PUT /tenant/role.");
        }

        return idempotencyKey is null
            ? await SendAndMapAsync(http.Response, tenant, message!, sender, cancellationToken)
            : await idempotency.SendOnceAsync(http.Response, caller.TenantId, idempotencyKey, body,
                (Response: http.Response, Tenant: tenant, Message: message!, Sender: sender),
                static (send, ct) => SendAndMapAsync(send.Response, send.Tenant, send.Message, send.Sender, ct), cancellationToken);
    }

    private static async Task<Results<Ok<SendMailResponse>, ValidationProblem, ProblemHttpResult>> SendAndMapAsync(
        HttpResponse response, Tenant tenant, MailMessage message, MailSender sender, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await sender.SendAsync(tenant, message, cancellationToken);
            if (!outcome.Sent)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Every recipient is suppressed",
                    "Nothing was sent: every recipient is on the tenant's suppression list.",
                    new Dictionary<string, object?> { ["suppressed"] = outcome.Suppressed });
            }

            return TypedResults.Ok(new SendMailResponse(outcome.MessageId!, outcome.Suppressed));
        }
        catch (SesException e)
        {
            return AwsFailureProblems.From(e, response, "SendEmail", "ses:SendRawEmail");
        }
        catch (RoleAssumptionException e)
        {
            return AwsFailureProblems.From(e, response, tenant.ExternalId);
        }
    }
}
