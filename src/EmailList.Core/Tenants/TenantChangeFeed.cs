namespace EmailList.Core.Tenants;

/// <summary>
/// In-process notice that a tenant's record changed (role set or removed): holders of cached tenant state
/// (<see cref="TenantDirectory"/>, the credential broker) forget it at once. Fed locally and, with Redis, from other instances.
/// </summary>
public sealed class TenantChangeFeed
{
    private readonly Lock _gate = new();
    private Action<string>[] _subscribers = [];

    public void Subscribe(Action<string> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onChanged];
        }
    }

    public void Raise(string tenantId)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(tenantId);
        }
    }
}
