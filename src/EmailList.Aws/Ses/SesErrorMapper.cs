using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

using EmailList.Core.Ses;

namespace EmailList.Aws.Ses;

/// <summary>Turns an SES v2 error answer (rest-json) into a <see cref="SesException"/>.</summary>
internal static class SesErrorMapper
{
    /// <summary>Suggested wait when SES throttles without a Retry-After header: its send rate is per second.</summary>
    public static readonly TimeSpan DefaultThrottleRetryAfter = TimeSpan.FromSeconds(1);

    public static SesException FromResponse(HttpStatusCode status, HttpResponseHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var (bodyCode, message) = ReadBody(body);
        var code = HeaderCode(headers) ?? bodyCode ?? $"Http{(int)status}";
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
        "ExpiredTokenException" or "ExpiredToken" or "UnrecognizedClientException" or "InvalidSignatureException"
            or "IncompleteSignature" or "IncompleteSignatureException" or "InvalidClientTokenId"
            or "SignatureDoesNotMatch" or "MissingAuthenticationTokenException" => SesErrorKind.InvalidCredentials,
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

    // "MessageRejected:http://internal.amazon.com/coral/com.amazon.coral.service/" -> "MessageRejected"
    private static string? HeaderCode(HttpResponseHeaders headers) =>
        headers.TryGetValues("x-amzn-ErrorType", out var values) ? StripCode(values.FirstOrDefault()) : null;

    private static string? StripCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        var code = colon >= 0 ? raw[..colon] : raw;
        var hash = code.LastIndexOf('#');
        code = hash >= 0 ? code[(hash + 1)..] : code;
        code = code.Trim();
        return code.Length == 0 ? null : code;
    }

    private static (string? Code, string? Message) ReadBody(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, null);
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? code = null;
            string? message = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (property.NameEquals("__type") || property.Name.Equals("code", StringComparison.OrdinalIgnoreCase))
                {
                    code ??= StripCode(property.Value.GetString());
                }
                else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                {
                    message ??= property.Value.GetString();
                }
            }

            return (code, string.IsNullOrWhiteSpace(message) ? null : message);
        }
        catch (JsonException)
        {
            // A proxy or load balancer error page, not SES: the status code decides.
            return (null, null);
        }
    }

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
