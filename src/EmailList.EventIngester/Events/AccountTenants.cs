using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, (IReadOnlyList<Tenant> Tenants, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);
    private readonly ITenantStore store;
    private readonly IOptions<TenantDirectoryOptions> options;
    private readonly TimeProvider time;

    public AccountTenants(ITenantStore store, IOptions<TenantDirectoryOptions> options, TimeProvider time, TenantChangeFeed? changes = null)
    {
        this.store = store;
        this.options = options;
        this.time = time;
        changes?.Subscribe(_ => _cache.Clear());
    }

    /// <summary>How old a cached answer may be when the caller is about to act on its absence (drop an event).</summary>
    public static readonly TimeSpan RecheckAge = TimeSpan.FromSeconds(1);

    /// <param name="recheck">Accept a cached answer only if it is younger than <see cref="RecheckAge"/>.</param>
    public async ValueTask<IReadOnlyList<Tenant>> FindAsync(string awsAccountId, bool recheck, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var maxAge = recheck && RecheckAge < options.Value.CacheDuration ? RecheckAge : options.Value.CacheDuration;
        if (_cache.TryGetValue(awsAccountId, out var cached) && now - cached.ReadAt < maxAge)
        {
            return cached.Tenants;
        }

        IReadOnlyList<Tenant> tenants = [.. (await store.FindByAccountAsync(awsAccountId, cancellationToken)).Where(t => t.RoleArn is not null)];
        _cache[awsAccountId] = (tenants, now);
        return tenants;
    }
}
