using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Tenants;

/// <summary>Tenant records for the hot path: read through a short in-process cache so a send costs no store read.</summary>
public sealed class TenantDirectory
{
    private readonly ConcurrentDictionary<string, (Tenant? Tenant, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);
    private readonly ITenantStore store;
    private readonly IOptions<TenantDirectoryOptions> options;
    private readonly TimeProvider time;

    public TenantDirectory(ITenantStore store, IOptions<TenantDirectoryOptions> options, TimeProvider time, TenantChangeFeed? changes = null)
    {
        this.store = store;
        this.options = options;
        this.time = time;
        changes?.Subscribe(tenantId =>
        {
            if (tenantId is null)
            {
                _cache.Clear();
            }
            else
            {
                Invalidate(tenantId);
            }
        });
    }

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
