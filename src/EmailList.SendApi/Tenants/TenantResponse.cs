using EmailList.Core.Tenants;

namespace EmailList.SendApi.Tenants;

/// <param name="ExternalId">Put this in the role's trust policy as the sts:ExternalId condition.</param>
public sealed record TenantResponse(
    string Id,
    string Name,
    string Status,
    string ExternalId,
    string? RoleArn,
    string? Region,
    string? AwsAccountId,
    string? ConfigurationSetName)
{
    public static TenantResponse From(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new(tenant.Id, tenant.Name, tenant.Status.ToString(), tenant.ExternalId, tenant.RoleArn, tenant.Region,
            tenant.AwsAccountId, tenant.ConfigurationSetName);
    }
}
