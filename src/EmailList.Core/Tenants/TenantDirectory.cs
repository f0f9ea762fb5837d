using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Tenants;

/// <summary>Tenant records for the hot path: read through a short in-process cache so a send costs no store read.</summary>
public sealed class TenantDirectory(ITenantStore store, IOptions<TenantDirectoryOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (Tenant? Tenant, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tenantId, out var cached) && now - cached.ReadAt < options.Value.CacheDuration)
        {
            return cached.Tenant;
        }

        var tenant = await store.GetAsync(tenantId, cancellationToken);
        _cache[tenantId] = (tenant, now);
        return tenant;
    }

    public void Invalidate(string tenantId) => _cache.TryRemove(tenantId, out _);
}
