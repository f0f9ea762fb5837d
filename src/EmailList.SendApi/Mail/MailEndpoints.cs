using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using EmailList.Core.Credentials;
using EmailList.Core.Idempotency;
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
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapMailEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/mail")
            .RequireAuthorization(Policies.MailSend)
            .WithTags("Mail")
            .MapPost("", SendAsync)
            .WithName("SendMail")
            .WithSummary("Send one message through the tenant's SES account.")
            .AcceptsJsonOnly<SendMailRequest>()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable,
                StatusCodes.Status504GatewayTimeout)
            .DisableAntiforgery();
        return routes;
    }

    internal static async Task<Results<Ok<SendMailResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        HttpContext http,
        ClaimsPrincipal user,
        TenantClaims claims,
        TenantDirectory tenants,
        MailSender sender,
        IIdempotencyStore idempotency,
        IOptions<MailOptions> options,
        CancellationToken cancellationToken)
    {
        var tenantId = claims.GetTenantId(user);
        var body = await RequestBody.ReadAsync(http.Request, options.Value.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return Problems.Create(413, "Request too large",
                $"The request body is larger than {options.Value.MaxRequestBytes} bytes; send smaller attachments or link to them.");
        }

        string? idempotencyKey = http.Request.Headers[IdempotencyKeyHeader];
        if (idempotencyKey is not null && !IsValidIdempotencyKey(idempotencyKey))
        {
            return Problems.Create(400, "Invalid Idempotency-Key",
                $"An Idempotency-Key is 1-{MailLimits.MaxIdempotencyKeyLength} printable ASCII characters.");
        }

        SendMailRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, SendApiJsonContext.Default.SendMailRequest);
        }
        catch (JsonException e)
        {
            return Problems.Create(400, "Malformed JSON", $"The body is not a valid message. {JsonErrors.Describe(e, body, SendApiJsonContext.Default.SendMailRequest)}");
        }

        if (request is null)
        {
            return Problems.Create(400, "Malformed JSON", "The body must be a JSON object.");
        }

        if (!SendMailRequestValidator.TryValidate(request, out var message, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The message is not valid");
        }

        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return Problems.Create(403, "Unknown tenant", $"The token names tenant '{tenantId}', which does not exist.");
        }

        if (!tenant.CanSend)
        {
            return Problems.Create(409, "Tenant not ready to send",
                tenant.Status == TenantStatus.Suspended
                    ? "The tenant is suspended."
                    : "The tenant has no verified IAM role yet: set one with PUT /tenant/role.");
        }

        if (idempotencyKey is null)
        {
            return await SendAndMapAsync(http, tenant, message!, sender, cancellationToken);
        }

        var requestHash = Convert.ToHexString(SHA256.HashData(body));
        var claim = await idempotency.TryClaimAsync(tenantId, idempotencyKey, requestHash, options.Value.IdempotencyPendingTimeout, cancellationToken);
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Completed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Ok(JsonSerializer.Deserialize(claim.Response!.Body, SendApiJsonContext.Default.SendMailResponse)!);
            case IdempotencyClaimStatus.Mismatch:
                return Problems.Create(422, "Idempotency-Key reused",
                    "This Idempotency-Key was used with a different body in the last 24 hours; use a new key for a new message.");
            case IdempotencyClaimStatus.InProgress:
                return Problems.Create(http.Response, 409, "Request in progress",
                    "A request with this Idempotency-Key is still being processed; retry shortly to get its result.", TimeSpan.FromSeconds(1));
        }

        var keep = false;
        try
        {
            var result = await SendAndMapAsync(http, tenant, message!, sender, cancellationToken);
            if (result.Result is Ok<SendMailResponse> ok)
            {
                var stored = new IdempotentResponse(200, JsonSerializer.Serialize(ok.Value!, SendApiJsonContext.Default.SendMailResponse));
                await idempotency.CompleteAsync(tenantId, idempotencyKey, requestHash, stored, options.Value.IdempotencyRetention, CancellationToken.None);
                keep = true;
            }
            else if (result.Result is ProblemHttpResult { StatusCode: 504 })
            {
                // The message may have gone out: keep the key blocked rather than let a retry send it twice.
                keep = true;
            }

            return result;
        }
        finally
        {
            if (!keep)
            {
                await idempotency.ReleaseAsync(tenantId, idempotencyKey, CancellationToken.None);
            }
        }
    }

    private static async Task<Results<Ok<SendMailResponse>, ValidationProblem, ProblemHttpResult>> SendAndMapAsync(
        HttpContext http, Tenant tenant, MailMessage message, MailSender sender, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await sender.SendAsync(tenant, message, cancellationToken);
            if (!outcome.Sent)
            {
                return Problems.Create(422, "Every recipient is suppressed",
                    "Nothing was sent: every recipient is on the tenant's suppression list.",
                    new Dictionary<string, object?> { ["suppressed"] = outcome.Suppressed });
            }

            return TypedResults.Ok(new SendMailResponse(outcome.MessageId!, outcome.Suppressed));
        }
        catch (SesException e)
        {
            return SendFailureProblems.From(e, http.Response);
        }
        catch (RoleAssumptionException e)
        {
            return SendFailureProblems.From(e, http.Response);
        }
    }

    private static bool IsValidIdempotencyKey(string key) =>
        key.Length is > 0 and <= MailLimits.MaxIdempotencyKeyLength && key.All(c => c is >= '!' and <= '~');
}
