namespace EmailList.Core.Ses;

public enum SesErrorKind
{
    /// <summary>MessageRejected: content or recipient refused (also an unverified identity in the sandbox).</summary>
    MessageRejected,

    /// <summary>MailFromDomainNotVerifiedException or an unverified sender identity.</summary>
    IdentityNotVerified,

    /// <summary>SendingPausedException: sending disabled for the account or configuration set.</summary>
    SendingPaused,

    /// <summary>AccountSuspendedException.</summary>
    AccountSuspended,

    /// <summary>TooManyRequestsException / Throttling: retry later.</summary>
    Throttled,

    /// <summary>LimitExceededException: a quota (e.g. the 24-hour sending quota) is exhausted.</summary>
    QuotaExceeded,

    /// <summary>NotFoundException: a named resource (configuration set, ...) does not exist.</summary>
    NotFound,

    /// <summary>AlreadyExistsException: the resource to create exists.</summary>
    AlreadyExists,

    /// <summary>BadRequestException or another validation error.</summary>
    BadRequest,

    /// <summary>AccessDeniedException: the role's permissions do not allow the action.</summary>
    AccessDenied,

    /// <summary>Expired token, bad signature or unknown key.</summary>
    InvalidCredentials,

    /// <summary>5xx, timeouts, connection failures.</summary>
    Unavailable,
}
