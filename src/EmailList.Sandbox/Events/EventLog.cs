using System.Collections.Concurrent;
using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.Events;

/// <summary>Recently published events, newest first, bounded; and the publishing counters since the last reset.</summary>
internal sealed class EventLog
{
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<PublishedEvent> _events = new();
    private readonly Dictionary<string, LinkedListNode<PublishedEvent>> _byId = new(StringComparer.Ordinal);
    private long _published;
    private long _delivered;
    private long _failed;
    private long _dropped;
    private ConcurrentDictionary<string, long> _undelivered = new(StringComparer.Ordinal);

    public void Add(PublishedEvent entry)
    {
        lock (_gate)
        {
            _byId[entry.EventId] = _events.AddFirst(entry);
            _published++;
            while (_events.Count > Capacity)
            {
                _byId.Remove(_events.Last!.Value.EventId);
                _events.RemoveLast();
            }
        }
    }

    public PublishedEvent? Find(string eventId)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(eventId, out var node) ? node.Value : null;
        }
    }

    public IReadOnlyList<SandboxEvent> List(string? accountId, string? messageId, int limit)
    {
        List<PublishedEvent> matching;
        lock (_gate)
        {
            matching = [.. _events
                .Where(e => (accountId is null || e.AccountId == accountId) && (messageId is null || e.MessageId == messageId))
                .Take(limit)];
        }

        return [.. matching.Select(e => e.ToAdmin())];
    }

    public void CountDelivered() => Interlocked.Increment(ref _delivered);

    public void CountFailed() => Interlocked.Increment(ref _failed);

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public void CountUndelivered(string reason) => _undelivered.AddOrUpdate(reason, 1, (_, count) => count + 1);

    public SandboxEventStats Stats()
    {
        lock (_gate)
        {
            var pending = _events.LongCount(e => e.Status == PublishedEvent.Pending);
            var byReason = new SortedDictionary<string, long>(_undelivered, StringComparer.Ordinal);
            return new SandboxEventStats(_published, Interlocked.Read(ref _delivered), Interlocked.Read(ref _failed), Interlocked.Read(ref _dropped), pending,
                byReason.Values.Sum(), byReason);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
            _byId.Clear();
            _published = 0;
            Interlocked.Exchange(ref _delivered, 0);
            Interlocked.Exchange(ref _failed, 0);
            Interlocked.Exchange(ref _dropped, 0);
            _undelivered = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        }
    }
}
