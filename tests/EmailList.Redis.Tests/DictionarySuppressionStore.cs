using System.Collections.Concurrent;

using EmailList.Core.Suppression;

namespace EmailList.Redis.Tests;

/// <summary>A stand-in for the durable store the lookup depends on; counts how often the list is read.</summary>
public sealed class DictionarySuppressionStore : ISuppressionStore
{
    private readonly ConcurrentDictionary<(string TenantId, string Email), SuppressionEntry> _entries = new();
    private int _fullLoads;
    private int _directLookups;

    /// <summary>How many times a tenant's list was read from its first page (a rebuild).</summary>
    public int FullLoads => Volatile.Read(ref _fullLoads);

    public int DirectLookups => Volatile.Read(ref _directLookups);

    /// <summary>Slows ListAsync down, to widen the window in which concurrent rebuilds could overlap.</summary>
    public TimeSpan ListDelay { get; set; }

    public void Add(string tenantId, params string[] emails)
    {
        foreach (var email in emails)
        {
            _entries[(tenantId, email)] = new SuppressionEntry(tenantId, email, SuppressionReason.Bounce, "test", DateTimeOffset.UnixEpoch);
        }
    }

    public Task PutAsync(SuppressionEntry entry, CancellationToken cancellationToken)
    {
        _entries[(entry.TenantId, entry.Email)] = entry;
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string tenantId, string email, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryRemove((tenantId, email), out _));

    public Task<SuppressionEntry?> GetAsync(string tenantId, string email, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.GetValueOrDefault((tenantId, email)));

    public Task<IReadOnlySet<string>> FindSuppressedAsync(string tenantId, IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _directLookups);
        IReadOnlySet<string> found = emails.Where(email => _entries.ContainsKey((tenantId, email))).ToHashSet();
        return Task.FromResult(found);
    }

    public async Task<SuppressionPage> ListAsync(string tenantId, SuppressionQuery query, CancellationToken cancellationToken)
    {
        if (query.Cursor is null)
        {
            Interlocked.Increment(ref _fullLoads);
        }

        if (ListDelay > TimeSpan.Zero)
        {
            await Task.Delay(ListDelay, cancellationToken);
        }

        var items = _entries.Values
            .Where(entry => entry.TenantId == tenantId)
            .Where(entry => query.Cursor is null || string.CompareOrdinal(entry.Email, query.Cursor) > 0)
            .OrderBy(entry => entry.Email, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .ToList();
        var more = items.Count > query.Limit;
        var page = items.Take(query.Limit).ToList();
        return new SuppressionPage(page, more ? page[^1].Email : null);
    }
}
