namespace EmailList.Core.Idempotency;

/// <summary>
/// Idempotency keys in this process's memory: the fallback when the shared store is unavailable,
/// and enough for a single instance. Bounded: expired entries are purged as writes come in, and when
/// full the entries closest to expiry make room.
/// </summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    public const int DefaultCapacity = 100_000;
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<(string TenantId, string Key), Entry> _entries = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private DateTimeOffset _nextPurge;

    public InMemoryIdempotencyStore(TimeProvider time)
        : this(time, DefaultCapacity)
    {
    }

    public InMemoryIdempotencyStore(TimeProvider time, int capacity)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
        _nextPurge = time.GetUtcNow() + PurgeInterval;
    }

    /// <summary>Entries held, expired ones included until the next purge.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public Task<IdempotencyClaim> TryClaimAsync(string tenantId, string key, string requestHash, TimeSpan pendingTimeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(requestHash);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_entries.TryGetValue((tenantId, key), out var existing) && existing.ExpiresAt > now)
            {
                return Task.FromResult(Answer(existing, requestHash));
            }

            Put(now, (tenantId, key), new Entry(requestHash, null, now + pendingTimeToLive));
            return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
        }
    }

    public Task CompleteAsync(string tenantId, string key, string requestHash, IdempotentResponse response, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(requestHash);
        ArgumentNullException.ThrowIfNull(response);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            Put(now, (tenantId, key), new Entry(requestHash, response, now + timeToLive));
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            if (_entries.TryGetValue((tenantId, key), out var existing) && existing.Response is null)
            {
                _entries.Remove((tenantId, key));
            }
        }

        return Task.CompletedTask;
    }

    private static IdempotencyClaim Answer(Entry existing, string requestHash)
    {
        if (!string.Equals(existing.RequestHash, requestHash, StringComparison.Ordinal))
        {
            return new IdempotencyClaim(IdempotencyClaimStatus.Mismatch);
        }

        return existing.Response is null
            ? new IdempotencyClaim(IdempotencyClaimStatus.InProgress)
            : new IdempotencyClaim(IdempotencyClaimStatus.Completed, existing.Response);
    }

    private void Put(DateTimeOffset now, (string TenantId, string Key) id, Entry entry)
    {
        if (!_entries.ContainsKey(id))
        {
            MakeRoom(now);
        }

        _entries[id] = entry;
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (now >= _nextPurge || _entries.Count >= _capacity)
        {
            foreach (var (id, entry) in _entries)
            {
                if (entry.ExpiresAt <= now)
                {
                    _entries.Remove(id);
                }
            }

            _nextPurge = now + PurgeInterval;
        }

        if (_entries.Count < _capacity)
        {
            return;
        }

        // Still full of live entries: drop a tenth of them, soonest to expire first, so the sort is
        // paid once per many writes rather than on each.
        var excess = _entries.Count - _capacity + Math.Max(1, _capacity / 10);
        foreach (var (id, _) in _entries.OrderBy(pair => pair.Value.ExpiresAt).Take(excess).ToList())
        {
            _entries.Remove(id);
        }
    }

    private sealed record Entry(string RequestHash, IdempotentResponse? Response, DateTimeOffset ExpiresAt);
}
