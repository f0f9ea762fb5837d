namespace EmailList.Core.Tenants;

/// <summary>For a single process (the embedded default): the change reaches this process's <see cref="TenantChangeFeed"/> only.</summary>
public sealed class LocalTenantChangePublisher(TenantChangeFeed feed) : ITenantChangePublisher
{
    public Task PublishAsync(string tenantId, CancellationToken cancellationToken)
    {
        feed.Raise(tenantId);
        return Task.CompletedTask;
    }
}
