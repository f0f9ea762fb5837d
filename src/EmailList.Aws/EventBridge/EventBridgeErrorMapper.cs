using System.Net;
using System.Net.Http.Headers;
using EmailList.Core.Forwarding;

namespace EmailList.Aws.EventBridge;

/// <summary>Turns an EventBridge error answer (awsJson1_1) into an <see cref="EventBridgeException"/>.</summary>
internal static class EventBridgeErrorMapper
{
    public static EventBridgeException FromResponse(HttpStatusCode status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        var (code, message) = AwsErrorAnswer.Read(status, headers, body);
        var kind = Classify(code, status);
        return new EventBridgeException(kind, code, message ?? $"EventBridge answered {(int)status} {code}.");
    }

    public static EventBridgeErrorKind Classify(string code, HttpStatusCode status) => code switch
    {
        "AccessDeniedException" or "AccessDenied" => EventBridgeErrorKind.AccessDenied,
        "ResourceNotFoundException" => EventBridgeErrorKind.NotFound,
        "ConcurrentModificationException" or "LimitExceededException" => EventBridgeErrorKind.Conflict,
        "ThrottlingException" or "Throttling" or "TooManyRequestsException" or "RequestLimitExceeded" => EventBridgeErrorKind.Throttled,
        _ when AwsErrorAnswer.IsCredentialCode(code) => EventBridgeErrorKind.InvalidCredentials,
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
}
