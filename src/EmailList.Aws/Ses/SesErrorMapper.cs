using System.Net;
using System.Net.Http.Headers;

using EmailList.Core.Ses;

namespace EmailList.Aws.Ses;

/// <summary>Turns an SES v2 error answer (rest-json) into a <see cref="SesException"/>.</summary>
internal static class SesErrorMapper
{
    /// <summary>Suggested wait when SES throttles without a Retry-After header: its send rate is per second.</summary>
    public static readonly TimeSpan DefaultThrottleRetryAfter = TimeSpan.FromSeconds(1);

    public static SesException FromResponse(HttpStatusCode status, HttpResponseHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var (code, message) = AwsErrorAnswer.Read(status, headers, body);
        var kind = Classify(code, status, message);
        message ??= $"SES answered {(int)status} {code}.";
        var retryAfter = kind == SesErrorKind.Throttled ? RetryAfter(headers, now) ?? DefaultThrottleRetryAfter : (TimeSpan?)null;
        return new SesException(kind, code, message, retryAfter);
    }

    public static SesErrorKind Classify(string code, HttpStatusCode status, string? message) => code switch
    {
        "MessageRejected" when message is not null && message.Contains("not verified", StringComparison.OrdinalIgnoreCase)
            => SesErrorKind.IdentityNotVerified,
        "MessageRejected" => SesErrorKind.MessageRejected,
        "MailFromDomainNotVerifiedException" => SesErrorKind.IdentityNotVerified,
        "SendingPausedException" => SesErrorKind.SendingPaused,
        "AccountSuspendedException" => SesErrorKind.AccountSuspended,
        "TooManyRequestsException" or "Throttling" or "ThrottlingException" => SesErrorKind.Throttled,
        "LimitExceededException" => SesErrorKind.QuotaExceeded,
        "NotFoundException" => SesErrorKind.NotFound,
        "AlreadyExistsException" => SesErrorKind.AlreadyExists,
        "BadRequestException" or "ValidationException" => SesErrorKind.BadRequest,
        "AccessDeniedException" or "AccessDenied" => SesErrorKind.AccessDenied,
        _ when AwsErrorAnswer.IsCredentialCode(code) => SesErrorKind.InvalidCredentials,
        _ => ClassifyStatus(status),
    };

    private static SesErrorKind ClassifyStatus(HttpStatusCode status) => (int)status switch
    {
        >= 500 => SesErrorKind.Unavailable,
        429 => SesErrorKind.Throttled,
        403 => SesErrorKind.AccessDenied,
        404 => SesErrorKind.NotFound,
        _ => SesErrorKind.BadRequest,
    };

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var wait = retryAfter.Delta ?? (retryAfter.Date - now);
        return wait is { } value && value > TimeSpan.Zero ? value : null;
    }
}
