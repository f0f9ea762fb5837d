using EmailList.Core.Tenants;

namespace EmailList.EventIngester.Events;

/// <summary>An event belongs to the tenant of its AWS account and, when the mail is tagged, of its el_tenant tag; both must agree.</summary>
public static class EventAttribution
{
    /// <returns>The tenant, or null with the reason the event is dropped.</returns>
    public static (Tenant? Tenant, DropReason? Reason) Attribute(IReadOnlyList<Tenant> accountTenants, string? tenantTag)
    {
        ArgumentNullException.ThrowIfNull(accountTenants);
        if (accountTenants.Count == 0)
        {
            return (null, DropReason.UnknownAccount);
        }

        if (tenantTag is not null)
        {
            var tagged = accountTenants.FirstOrDefault(t => string.Equals(t.Id, tenantTag, StringComparison.Ordinal));
            return tagged is null ? (null, DropReason.TenantMismatch) : (tagged, null);
        }

        return accountTenants.Count == 1 ? (accountTenants[0], null) : (null, DropReason.AmbiguousAccount);
    }
}
