namespace EmailList.Core.Tenants;

public enum TenantStatus
{
    /// <summary>Created; no verified role yet, so nothing can be sent.</summary>
    PendingRole,
    Active,
    Suspended,
}
