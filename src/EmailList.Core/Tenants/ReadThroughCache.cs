using System.Collections.Concurrent;

namespace EmailList.Core.Tenants;

/// <summary>
/// A short in-process read-through cache of store records, keyed by an ordinal string. An invalidation wins over a read
/// that was in flight when it happened: that read's value is returned to its caller but not kept, so a change announced
/// while the store was being read is never hidden behind the old record for a whole cache period.
/// </summary>
public sealed class ReadThroughCache<TValue>(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _invalidations;

    public async ValueTask<TValue> GetAsync<TState>(
        string key, TimeSpan maxAge, Func<string, TState, CancellationToken, Task<TValue>> read, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var cached) && now - cached.ReadAt < maxAge)
        {
            return cached.Value;
        }

        var invalidationsBefore = Interlocked.Read(ref _invalidations);
        var entry = new Entry(await read(key, state, cancellationToken), now);
        _entries[key] = entry;
        // Written first, checked second: an invalidation counts before it removes, so either it removes this entry
        // or this check sees it.
        if (Interlocked.Read(ref _invalidations) != invalidationsBefore)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }

        return entry.Value;
    }

    public void Invalidate(string key)
    {
        Interlocked.Increment(ref _invalidations);
        _entries.TryRemove(key, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _invalidations);
        _entries.Clear();
    }

    private sealed record Entry(TValue Value, DateTimeOffset ReadAt);
}
