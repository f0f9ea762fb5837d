using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using Microsoft.AspNetCore.Http.HttpResults;
using EmailList.ServiceDefaults.Http;

namespace EmailList.SendApi.Mail;

/// <summary>Maps SES and STS failures to honest statuses: the caller's fault, the tenant's setup, or "try again later".</summary>
internal static class SendFailureProblems
{
    public static ProblemHttpResult From(SesException e, HttpResponse response) => e.Kind switch
    {
        SesErrorKind.MessageRejected => Problems.Create(422, "SES rejected the message", $"{e.ErrorCode}: {e.Message}"),
        SesErrorKind.IdentityNotVerified => Problems.Create(422, "Sender identity not verified",
            $"{e.ErrorCode}: {e.Message} Verify the sender's address or domain in the tenant's SES account and region."),
        SesErrorKind.SendingPaused => Problems.Create(409, "Sending is paused",
            $"{e.ErrorCode}: {e.Message} Sending is disabled for the tenant's SES account or configuration set; re-enable it in SES."),
        SesErrorKind.AccountSuspended => Problems.Create(409, "SES account suspended",
            $"{e.ErrorCode}: {e.Message} The tenant's SES account can no longer send; contact AWS support."),
        SesErrorKind.Throttled => Problems.Create(response, 429, "SES is throttling this account",
            $"{e.ErrorCode}: {e.Message} Retried and still throttled; retry after the indicated delay.", e.RetryAfter ?? TimeSpan.FromSeconds(1)),
        SesErrorKind.QuotaExceeded => Problems.Create(response, 429, "SES sending quota exhausted",
            $"{e.ErrorCode}: {e.Message} The tenant's 24-hour sending quota is used up; retry later or ask AWS for a higher quota.", TimeSpan.FromMinutes(15)),
        SesErrorKind.NotFound => Problems.Create(409, "SES resource not found",
            $"{e.ErrorCode}: {e.Message} Check the tenant's configuration set name."),
        SesErrorKind.BadRequest => Problems.Create(422, "SES refused the request", $"{e.ErrorCode}: {e.Message}"),
        SesErrorKind.AccessDenied => Problems.Create(409, "The tenant's role may not send",
            $"{e.ErrorCode}: {e.Message} Allow ses:SendRawEmail in the tenant role's policy."),
        SesErrorKind.InvalidCredentials => Problems.Create(response, 503, "SES refused the session credentials",
            "The assumed-role credentials were refused twice; retry shortly.", TimeSpan.FromSeconds(5)),
        _ when e.ErrorCode == "RequestTimeout" => Problems.Create(504, "SES did not answer in time",
            "SES did not answer in time, so the message may or may not have been sent. Check the message's events before sending it again."),
        _ => Problems.Create(response, 503, "SES is unavailable", "SES could not be reached or failed; retry later.", TimeSpan.FromSeconds(5)),
    };

    public static ProblemHttpResult From(RoleAssumptionException e, HttpResponse response) => e.Failure switch
    {
        RoleAssumptionFailure.AccessDenied or RoleAssumptionFailure.InvalidRequest or RoleAssumptionFailure.RegionDisabled =>
            Problems.Create(409, "The tenant's role cannot be assumed", e.Message),
        _ => Problems.Create(response, 503, "STS is unavailable", "The tenant's role could not be assumed right now; retry later.", TimeSpan.FromSeconds(5)),
    };
}
