using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.ServiceDefaults.Http;

/// <summary>
/// The one map from failures of calls made through a tenant's role (STS, SES) to HTTP statuses, for every service:
/// 409 when the tenant's stored set-up must change (role, permissions, SES account state), 422 when SES refuses what
/// was asked of it, 429 when SES throttles or the quota is used up, 503 when STS or SES is unavailable, 504 when SES
/// did not answer (the call may have taken effect). Retryable answers carry Retry-After.
/// </summary>
public static class AwsFailureProblems
{
    /// <summary>Every status this map answers with, for the OpenAPI description of the endpoints that use it.</summary>
    public static readonly int[] Statuses =
    [
        StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests,
        StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout,
    ];

    /// <param name="operation">The SES operation, as the caller would look it up (e.g. SendEmail).</param>
    /// <param name="iamAction">The IAM action the tenant's role needs for it (e.g. ses:SendRawEmail).</param>
    public static ProblemHttpResult From(SesException e, HttpResponse response, string operation, string iamAction)
    {
        ArgumentNullException.ThrowIfNull(e);
        var ses = $"SES answered {operation} with {e.ErrorCode}: {e.Message}";
        return e.Kind switch
        {
            SesErrorKind.MessageRejected => Problems.Create(StatusCodes.Status422UnprocessableEntity, "SES rejected the message", ses),
            SesErrorKind.IdentityNotVerified => Problems.Create(StatusCodes.Status422UnprocessableEntity, "Sender identity not verified",
                $"{ses} Verify the sender's address or domain in the tenant's SES account and region."),
            SesErrorKind.BadRequest or SesErrorKind.AlreadyExists => Problems.Create(StatusCodes.Status422UnprocessableEntity, "SES refused the request", ses),
            SesErrorKind.SendingPaused => Problems.Create(StatusCodes.Status409Conflict, "Sending is paused",
                $"{ses} Sending is disabled for the tenant's SES account or configuration set; re-enable it in SES."),
            SesErrorKind.AccountSuspended => Problems.Create(StatusCodes.Status409Conflict, "SES account suspended",
                $"{ses} The tenant's SES account can no longer send; contact AWS support."),
            SesErrorKind.NotFound => Problems.Create(StatusCodes.Status409Conflict, "SES resource not found",
                $"{ses} Check the tenant's configuration set name."),
            SesErrorKind.AccessDenied => Problems.Create(StatusCodes.Status409Conflict, "The tenant's role may not do this",
                $"{ses} Allow {iamAction} in the tenant role's permission policy; EmailList uses {string.Join(", ", SesSessionPolicy.Actions)}."),
            SesErrorKind.Throttled => Problems.Create(response, StatusCodes.Status429TooManyRequests, "SES is throttling this account",
                $"{ses} Retried and still throttled; retry after the indicated delay.", e.RetryAfter ?? TimeSpan.FromSeconds(1)),
            SesErrorKind.QuotaExceeded => Problems.Create(response, StatusCodes.Status429TooManyRequests, "SES sending quota exhausted",
                $"{ses} The tenant's 24-hour sending quota is used up; retry later or ask AWS for a higher quota.", TimeSpan.FromMinutes(15)),
            SesErrorKind.InvalidCredentials => Problems.Create(response, StatusCodes.Status503ServiceUnavailable, "SES refused the session credentials",
                "The assumed-role credentials were refused twice; retry shortly.", TimeSpan.FromSeconds(5)),
            _ when e.ErrorCode == "RequestTimeout" => Problems.Create(StatusCodes.Status504GatewayTimeout, "SES did not answer in time",
                $"SES did not answer {operation} in time, so it may or may not have taken effect. Check before repeating it."),
            _ => Problems.Create(response, StatusCodes.Status503ServiceUnavailable, "SES is unavailable",
                $"SES could not be reached or failed during {operation}; what was done so far stays done. Retry later.", e.RetryAfter ?? TimeSpan.FromSeconds(5)),
        };
    }

    public static ProblemHttpResult From(RoleAssumptionException e, HttpResponse response, string externalId)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Failure is RoleAssumptionFailure.Unavailable or RoleAssumptionFailure.PlatformCredentialsRejected
            ? Problems.Create(response, StatusCodes.Status503ServiceUnavailable, "STS is unavailable",
                "The tenant's role could not be assumed right now; nothing was changed. Retry later.", TimeSpan.FromSeconds(5))
            : Problems.Create(StatusCodes.Status409Conflict, "The tenant's role cannot be assumed", e.Message,
                new Dictionary<string, object?> { ["reason"] = e.Failure.ToString(), ["externalId"] = externalId });
    }
}
