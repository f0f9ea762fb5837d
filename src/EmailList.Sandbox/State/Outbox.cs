using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.State;

/// <summary>Accepted messages, newest first, bounded.</summary>
internal sealed class Outbox
{
    public const int Capacity = 10_000;

    private readonly Lock gate = new();
    private readonly LinkedList<OutboxMessage> messages = new();
    private readonly Dictionary<string, LinkedListNode<OutboxMessage>> byId = new(StringComparer.Ordinal);

    public void Add(OutboxMessage message)
    {
        lock (gate)
        {
            byId[message.MessageId] = messages.AddFirst(message);
            while (messages.Count > Capacity)
            {
                byId.Remove(messages.Last!.Value.MessageId);
                messages.RemoveLast();
            }
        }
    }

    public IReadOnlyList<OutboxMessage> List(string? accountId, int limit)
    {
        lock (gate)
        {
            return [.. messages.Where(m => accountId is null || m.AccountId == accountId).Take(limit)];
        }
    }

    public OutboxMessage? Find(string messageId)
    {
        lock (gate)
        {
            return byId.TryGetValue(messageId, out var node) ? node.Value : null;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            messages.Clear();
            byId.Clear();
        }
    }
}
