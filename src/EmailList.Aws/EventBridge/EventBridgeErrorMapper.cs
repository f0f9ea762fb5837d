using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EmailList.Core.Forwarding;

namespace EmailList.Aws.EventBridge;

/// <summary>Turns an EventBridge error answer (awsJson1_1) into an <see cref="EventBridgeException"/>.</summary>
internal static class EventBridgeErrorMapper
{
    public static EventBridgeException FromResponse(HttpStatusCode status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        var (bodyCode, message) = ReadBody(body);
        var code = HeaderCode(headers) ?? bodyCode ?? $"Http{(int)status}";
        var kind = Classify(code, status);
        return new EventBridgeException(kind, code, message ?? $"EventBridge answered {(int)status} {code}.");
    }

    public static EventBridgeErrorKind Classify(string code, HttpStatusCode status) => code switch
    {
        "AccessDeniedException" or "AccessDenied" => EventBridgeErrorKind.AccessDenied,
        "ResourceNotFoundException" => EventBridgeErrorKind.NotFound,
        "ConcurrentModificationException" or "LimitExceededException" => EventBridgeErrorKind.Conflict,
        "ThrottlingException" or "Throttling" or "TooManyRequestsException" or "RequestLimitExceeded" => EventBridgeErrorKind.Throttled,
        "ExpiredTokenException" or "ExpiredToken" or "UnrecognizedClientException" or "InvalidSignatureException"
            or "IncompleteSignature" or "IncompleteSignatureException" or "InvalidClientTokenId"
            or "SignatureDoesNotMatch" or "MissingAuthenticationTokenException" => EventBridgeErrorKind.InvalidCredentials,
        "InternalException" or "InternalFailure" or "ServiceUnavailable" or "ServiceUnavailableException" => EventBridgeErrorKind.Unavailable,
        "ValidationException" or "InvalidEventPatternException" or "ManagedRuleException" or "PolicyLengthExceededException"
            or "OperationDisabledException" or "ResourceAlreadyExistsException" => EventBridgeErrorKind.Invalid,
        _ => ClassifyStatus(status),
    };

    private static EventBridgeErrorKind ClassifyStatus(HttpStatusCode status) => (int)status switch
    {
        >= 500 => EventBridgeErrorKind.Unavailable,
        429 => EventBridgeErrorKind.Throttled,
        403 => EventBridgeErrorKind.AccessDenied,
        404 => EventBridgeErrorKind.NotFound,
        _ => EventBridgeErrorKind.Invalid,
    };

    // "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.eventbridge/" -> "ResourceNotFoundException"
    private static string? HeaderCode(HttpResponseHeaders headers) =>
        headers.TryGetValues("x-amzn-ErrorType", out var values) ? StripCode(values.FirstOrDefault()) : null;

    // "com.amazonaws.events#ResourceNotFoundException" -> "ResourceNotFoundException"
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
            // A proxy or load balancer error page, not EventBridge: the status code decides.
            return (null, null);
        }
    }
}
