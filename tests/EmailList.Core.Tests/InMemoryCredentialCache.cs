using System.Collections.Concurrent;
using EmailList.Core.Credentials;

namespace EmailList.Core.Tests;

/// <summary>A shared cache that two brokers (two "processes") can use, honouring the TTL on the given clock.</summary>
internal sealed class InMemoryCredentialCache(TimeProvider time) : ICredentialCache
{
    private readonly ConcurrentDictionary<string, (CachedCredentials Value, DateTimeOffset Until)> _entries = new();

    public Task<CachedCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(tenantId, out var e) && time.GetUtcNow() < e.Until ? e.Value : null);

    public Task SetAsync(string tenantId, CachedCredentials credentials, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        _entries[tenantId] = (credentials, time.GetUtcNow() + timeToLive);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string tenantId, CancellationToken cancellationToken)
    {
        _entries.TryRemove(tenantId, out _);
        return Task.CompletedTask;
    }
}
