namespace EmailList.EventIngester.Events;

/// <summary>Why an event was acknowledged without being stored.</summary>
public enum DropReason
{
    /// <summary>No tenant's role lives in the event's AWS account.</summary>
    UnknownAccount,

    /// <summary>The mail's el_tenant tag names no tenant of the event's account.</summary>
    TenantMismatch,

    /// <summary>Several tenants share the account and the mail carries no el_tenant tag to tell them apart.</summary>
    AmbiguousAccount,
}
