namespace EmailList.Core.Tenants;

/// <summary>Tells every instance of every service that a tenant changed. Must not throw for an unavailable backend.</summary>
public interface ITenantChangePublisher
{
    Task PublishAsync(string tenantId, CancellationToken cancellationToken);
}
