namespace EmailList.Core.Forwarding;

public enum EventBridgeErrorKind
{
    /// <summary>AccessDeniedException: the caller's permissions do not allow the action.</summary>
    AccessDenied,

    /// <summary>ResourceNotFoundException: no such bus, rule or policy statement.</summary>
    NotFound,

    /// <summary>ValidationException, InvalidEventPatternException, a failed PutTargets entry, or another refused request.</summary>
    Invalid,

    /// <summary>ConcurrentModificationException or LimitExceededException.</summary>
    Conflict,

    /// <summary>ThrottlingException: retry later.</summary>
    Throttled,

    /// <summary>Expired token, bad signature or unknown key.</summary>
    InvalidCredentials,

    /// <summary>5xx, timeouts, connection failures.</summary>
    Unavailable,
}
