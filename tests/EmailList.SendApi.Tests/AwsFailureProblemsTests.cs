using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;

namespace EmailList.SendApi.Tests;

/// <summary>The one map from STS and SES failures to statuses that the send API and the query API both answer with.</summary>
public sealed class AwsFailureProblemsTests
{
    [Theory]
    [InlineData(SesErrorKind.MessageRejected, "MessageRejected", StatusCodes.Status422UnprocessableEntity, false)]
    [InlineData(SesErrorKind.IdentityNotVerified, "MailFromDomainNotVerifiedException", StatusCodes.Status422UnprocessableEntity, false)]
    [InlineData(SesErrorKind.BadRequest, "BadRequestException", StatusCodes.Status422UnprocessableEntity, false)]
    [InlineData(SesErrorKind.SendingPaused, "SendingPausedException", StatusCodes.Status409Conflict, false)]
    [InlineData(SesErrorKind.AccountSuspended, "AccountSuspendedException", StatusCodes.Status409Conflict, false)]
    [InlineData(SesErrorKind.NotFound, "NotFoundException", StatusCodes.Status409Conflict, false)]
    [InlineData(SesErrorKind.AccessDenied, "AccessDeniedException", StatusCodes.Status409Conflict, false)]
    [InlineData(SesErrorKind.Throttled, "TooManyRequestsException", StatusCodes.Status429TooManyRequests, true)]
    [InlineData(SesErrorKind.QuotaExceeded, "LimitExceededException", StatusCodes.Status429TooManyRequests, true)]
    [InlineData(SesErrorKind.InvalidCredentials, "ExpiredTokenException", StatusCodes.Status503ServiceUnavailable, true)]
    [InlineData(SesErrorKind.Unavailable, "RequestTimeout", StatusCodes.Status504GatewayTimeout, false)]
    [InlineData(SesErrorKind.Unavailable, "InternalFailure", StatusCodes.Status503ServiceUnavailable, true)]
    public void Each_SES_failure_has_one_status_and_retryable_ones_say_when_to_retry(SesErrorKind kind, string code, int status, bool retryAfter)
    {
        var response = new DefaultHttpContext().Response;

        var problem = AwsFailureProblems.From(new SesException(kind, code, "refused"), response, "SendEmail", "ses:SendRawEmail");

        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(retryAfter, response.Headers.RetryAfter.Count > 0);
        if (status < StatusCodes.Status500InternalServerError)
        {
            // What the tenant must fix is named in SES's own words; a 5xx says nothing of SES's internals.
            Assert.Contains(code, problem.ProblemDetails.Detail ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_role_that_may_not_act_names_the_permission_to_add()
    {
        var problem = AwsFailureProblems.From(
            new SesException(SesErrorKind.AccessDenied, "AccessDeniedException", "not authorized"), new DefaultHttpContext().Response,
            "DeleteSuppressedDestination", "ses:DeleteSuppressedDestination");

        Assert.Contains("Allow ses:DeleteSuppressedDestination", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RoleAssumptionFailure.AccessDenied, StatusCodes.Status409Conflict)]
    [InlineData(RoleAssumptionFailure.InvalidRequest, StatusCodes.Status409Conflict)]
    [InlineData(RoleAssumptionFailure.RegionDisabled, StatusCodes.Status409Conflict)]
    [InlineData(RoleAssumptionFailure.Unavailable, StatusCodes.Status503ServiceUnavailable)]
    [InlineData(RoleAssumptionFailure.PlatformCredentialsRejected, StatusCodes.Status503ServiceUnavailable)]
    public void A_role_that_cannot_be_assumed_is_the_tenants_to_fix_and_an_unavailable_STS_is_retryable(RoleAssumptionFailure failure, int status)
    {
        var problem = AwsFailureProblems.From(new RoleAssumptionException(failure, "refused"), new DefaultHttpContext().Response, "el-external-id");

        Assert.Equal(status, problem.StatusCode);
    }
}
