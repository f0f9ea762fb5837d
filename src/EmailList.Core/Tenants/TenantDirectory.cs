using Microsoft.Extensions.Options;

namespace EmailList.Core.Tenants;

/// <summary>Tenant records for the hot path: read through a short in-process cache so a send costs no store read.</summary>
public sealed class TenantDirectory
{
    private readonly ReadThroughCache<Tenant?> _cache;
    private readonly ITenantStore _store;
    private readonly IOptions<TenantDirectoryOptions> _options;

    public TenantDirectory(ITenantStore store, IOptions<TenantDirectoryOptions> options, TimeProvider time, TenantChangeFeed? changes = null)
    {
        _store = store;
        _options = options;
        _cache = new ReadThroughCache<Tenant?>(time);
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

    public ValueTask<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        _cache.GetAsync(tenantId, _options.Value.CacheDuration, static (id, store, token) => store.GetAsync(id, token), _store, cancellationToken);

    public void Invalidate(string tenantId) => _cache.Invalidate(tenantId);
}
