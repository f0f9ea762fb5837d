using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.State;

/// <summary>Accepted messages, newest first, bounded.</summary>
internal sealed class Outbox
{
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<OutboxMessage> _messages = new();
    private readonly Dictionary<string, LinkedListNode<OutboxMessage>> _byId = new(StringComparer.Ordinal);

    public void Add(OutboxMessage message)
    {
        lock (_gate)
        {
            _byId[message.MessageId] = _messages.AddFirst(message);
            while (_messages.Count > Capacity)
            {
                _byId.Remove(_messages.Last!.Value.MessageId);
                _messages.RemoveLast();
            }
        }
    }

    public IReadOnlyList<OutboxMessage> List(string? accountId, int limit)
    {
        lock (_gate)
        {
            return [.. _messages.Where(m => accountId is null || m.AccountId == accountId).Take(limit)];
        }
    }

    public OutboxMessage? Find(string messageId)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(messageId, out var node) ? node.Value : null;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
            _byId.Clear();
        }
    }
}
