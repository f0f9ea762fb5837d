namespace EmailList.Core.Tenants;

public interface ITenantStore
{
    /// <summary>Stores a new tenant; false when the id is taken.</summary>
    Task<bool> TryCreateAsync(Tenant tenant, CancellationToken cancellationToken);

    Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Replaces the tenant's record; the external ID is never changed by this call.</summary>
    Task UpdateAsync(Tenant tenant, CancellationToken cancellationToken);

    /// <summary>The tenants whose role lives in the given AWS account.</summary>
    Task<IReadOnlyList<Tenant>> FindByAccountAsync(string awsAccountId, CancellationToken cancellationToken);
}
