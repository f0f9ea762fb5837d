using EmailList.Core.Tenants;
using Microsoft.Extensions.Options;

namespace EmailList.EventIngester.Events;

/// <summary>
/// The tenants of an AWS account that still have a role (an offboarded tenant receives no new events), read through a
/// short in-process cache (<see cref="TenantDirectoryOptions.CacheDuration"/>) so a burst of events costs one store read
/// per account. A tenant change announced on <see cref="TenantChangeFeed"/> empties the cache.
/// </summary>
public sealed class AccountTenants
{
    private readonly ReadThroughCache<IReadOnlyList<Tenant>> _cache;
    private readonly ITenantStore _store;
    private readonly IOptions<TenantDirectoryOptions> _options;

    public AccountTenants(ITenantStore store, IOptions<TenantDirectoryOptions> options, TimeProvider time, TenantChangeFeed? changes = null)
    {
        _store = store;
        _options = options;
        _cache = new ReadThroughCache<IReadOnlyList<Tenant>>(time);
        changes?.Subscribe(_ => _cache.Clear());
    }

    /// <summary>How old a cached answer may be when the caller is about to act on its absence (drop an event).</summary>
    public static readonly TimeSpan RecheckAge = TimeSpan.FromSeconds(1);

    /// <param name="recheck">Accept a cached answer only if it is younger than <see cref="RecheckAge"/>.</param>
    public ValueTask<IReadOnlyList<Tenant>> FindAsync(string awsAccountId, bool recheck, CancellationToken cancellationToken)
    {
        var maxAge = recheck && RecheckAge < _options.Value.CacheDuration ? RecheckAge : _options.Value.CacheDuration;
        return _cache.GetAsync(awsAccountId, maxAge, static (account, store, token) => ReadAsync(store, account, token), _store, cancellationToken);
    }

    private static async Task<IReadOnlyList<Tenant>> ReadAsync(ITenantStore store, string awsAccountId, CancellationToken cancellationToken) =>
        [.. (await store.FindByAccountAsync(awsAccountId, cancellationToken)).Where(t => t.RoleArn is not null)];
}
