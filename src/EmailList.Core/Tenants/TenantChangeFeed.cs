namespace EmailList.Core.Tenants;

/// <summary>
/// In-process notice that a tenant's record changed (role set or removed): holders of cached tenant state
/// (<see cref="TenantDirectory"/>, the credential broker) forget it at once. Fed locally and, with Redis, from other instances.
/// </summary>
public sealed class TenantChangeFeed
{
    private readonly Lock _gate = new();
    private Action<string?>[] _subscribers = [];

    /// <param name="onChanged">Called with the tenant id, or with null when any tenant may have changed (forget them all).</param>
    public void Subscribe(Action<string?> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onChanged];
        }
    }

    public void Raise(string tenantId)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        Notify(tenantId);
    }

    /// <summary>Changes may have been missed (the feed from other instances was down): every cached tenant is suspect.</summary>
    public void RaiseAll() => Notify(null);

    private void Notify(string? tenantId)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(tenantId);
        }
    }
}
