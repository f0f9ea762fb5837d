using System.Collections.Concurrent;
using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.Events;

/// <summary>Recently published events, newest first, bounded; and the publishing counters since the last reset.</summary>
internal sealed class EventLog
{
    public const int Capacity = 10_000;

    private readonly Lock gate = new();
    private readonly LinkedList<PublishedEvent> events = new();
    private readonly Dictionary<string, LinkedListNode<PublishedEvent>> byId = new(StringComparer.Ordinal);
    private long published;
    private long delivered;
    private long failed;
    private long dropped;
    private ConcurrentDictionary<string, long> undelivered = new(StringComparer.Ordinal);

    public void Add(PublishedEvent entry)
    {
        lock (gate)
        {
            byId[entry.EventId] = events.AddFirst(entry);
            published++;
            while (events.Count > Capacity)
            {
                byId.Remove(events.Last!.Value.EventId);
                events.RemoveLast();
            }
        }
    }

    public PublishedEvent? Find(string eventId)
    {
        lock (gate)
        {
            return byId.TryGetValue(eventId, out var node) ? node.Value : null;
        }
    }

    public IReadOnlyList<SandboxEvent> List(string? accountId, string? messageId, int limit)
    {
        List<PublishedEvent> matching;
        lock (gate)
        {
            matching = [.. events
                .Where(e => (accountId is null || e.AccountId == accountId) && (messageId is null || e.MessageId == messageId))
                .Take(limit)];
        }

        return [.. matching.Select(e => e.ToAdmin())];
    }

    public void CountDelivered() => Interlocked.Increment(ref delivered);

    public void CountFailed() => Interlocked.Increment(ref failed);

    public void CountDropped() => Interlocked.Increment(ref dropped);

    public void CountUndelivered(string reason) => undelivered.AddOrUpdate(reason, 1, (_, count) => count + 1);

    public SandboxEventStats Stats()
    {
        lock (gate)
        {
            var pending = events.LongCount(e => e.Status == PublishedEvent.Pending);
            var byReason = new SortedDictionary<string, long>(undelivered, StringComparer.Ordinal);
            return new SandboxEventStats(published, Interlocked.Read(ref delivered), Interlocked.Read(ref failed), Interlocked.Read(ref dropped), pending,
                byReason.Values.Sum(), byReason);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            events.Clear();
            byId.Clear();
            published = 0;
            Interlocked.Exchange(ref delivered, 0);
            Interlocked.Exchange(ref failed, 0);
            Interlocked.Exchange(ref dropped, 0);
            undelivered = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        }
    }
}
