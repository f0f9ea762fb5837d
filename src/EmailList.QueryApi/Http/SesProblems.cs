using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using Microsoft.AspNetCore.Http.HttpResults;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Http;

/// <summary>Failures of calls made through the tenant's role, as ProblemDetails that say whose side must act.</summary>
internal static class SesProblems
{
    public static ProblemHttpResult From(RoleAssumptionException e, HttpResponse response, string externalId) =>
        e.Failure is RoleAssumptionFailure.Unavailable or RoleAssumptionFailure.PlatformCredentialsRejected
            ? Problems.Create(response, 503, "STS is unavailable", "The tenant's role could not be assumed right now; nothing was changed. Retry later.",
                TimeSpan.FromSeconds(5))
            : Problems.Create(422, "The tenant's role could not be assumed", e.Message,
                new Dictionary<string, object?> { ["reason"] = e.Failure.ToString(), ["externalId"] = externalId });

    public static ProblemHttpResult From(SesException e, HttpResponse response, string operation) => e.Kind switch
    {
        SesErrorKind.AccessDenied => Problems.Create(422, "SES refused the tenant's role",
            $"The tenant's role may not call ses:{operation} ({e.ErrorCode}). Add ses:{operation} to the role's permission policy; " +
            $"EmailList uses {string.Join(", ", SesSessionPolicy.Actions)}."),
        SesErrorKind.Throttled or SesErrorKind.Unavailable or SesErrorKind.InvalidCredentials => Problems.Create(response, 503, "SES is unavailable",
            $"SES did not complete {operation} ({e.ErrorCode}); what was done so far stays done. Retry later.", e.RetryAfter ?? TimeSpan.FromSeconds(5)),
        _ => Problems.Create(502, "SES refused the request", $"SES answered {operation} with {e.ErrorCode}: {e.Message}"),
    };
}
