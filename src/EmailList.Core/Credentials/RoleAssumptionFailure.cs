namespace EmailList.Core.Credentials;

public enum RoleAssumptionFailure
{
    /// <summary>STS said AccessDenied: the role does not exist, does not trust our account, or wants another external ID.</summary>
    AccessDenied,

    /// <summary>STS is not enabled in the region (RegionDisabledException).</summary>
    RegionDisabled,

    /// <summary>The request itself was refused (bad session policy, duration over the role's maximum, ...).</summary>
    InvalidRequest,

    /// <summary>Our own platform credentials were refused.</summary>
    PlatformCredentialsRejected,

    /// <summary>STS could not be reached or failed (5xx, throttling, timeout).</summary>
    Unavailable,
}
