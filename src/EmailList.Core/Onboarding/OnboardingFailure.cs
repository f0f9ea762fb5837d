namespace EmailList.Core.Onboarding;

/// <summary>Why a role was not accepted; the API reports it as <c>reason</c>.</summary>
public enum OnboardingFailure
{
    /// <summary>Another tenant already uses the role's AWS account and the operator has not allowed sharing.</summary>
    AccountInUse,

    /// <summary>STS refused AssumeRole with our external ID: no such role, it does not trust us, or it wants another external ID.</summary>
    AssumeRoleDenied,

    /// <summary>The role can be assumed without the external ID: its trust policy lacks the sts:ExternalId condition.</summary>
    ExternalIdNotRequired,

    /// <summary>The role lacks an SES permission we need (<see cref="OnboardingException.MissingAction"/>).</summary>
    MissingPermission,

    /// <summary>Sending is disabled for the SES account in that region.</summary>
    SendingPaused,

    /// <summary>SES in that region is a fresh account: no verified identity, still in the sandbox.</summary>
    WrongRegion,

    /// <summary>SES in that region has production access but no verified identity to send from.</summary>
    NoVerifiedIdentity,

    /// <summary>SES in that region is still in the SES sandbox.</summary>
    SesSandbox,

    /// <summary>STS refused the request itself (e.g. a session duration over the role's maximum) or the region is disabled.</summary>
    InvalidRole,

    /// <summary>STS, SES or EventBridge could not be reached; nothing was changed.</summary>
    Unavailable,
}
