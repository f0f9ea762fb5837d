namespace EmailList.Sandbox.Sqs;

/// <summary>
/// A standard SQS queue, in memory: messages in arrival order, each invisible for the visibility timeout after a receive, moved to
/// the dead-letter queue when received more than <c>maxReceiveCount</c> times, and gone after the retention period. A long poll
/// waits until a message arrives or becomes visible again, or the wait ends.
/// </summary>
internal sealed class SqsQueue(string accountId, string region, string name, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<SqsMessage> _messages = new();
    private readonly Dictionary<string, LinkedListNode<SqsMessage>> _byId = new(StringComparer.Ordinal);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string AccountId { get; } = accountId;

    public string Name { get; } = name;

    public string Arn { get; } = $"arn:aws:sqs:{region}:{accountId}:{name}";

    public DateTimeOffset CreatedAt { get; } = time.GetUtcNow();

    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetentionPeriod { get; init; } = TimeSpan.FromDays(4);

    public SqsQueue? DeadLetterQueue { get; init; }

    public int MaxReceiveCount { get; init; } = 10;

    public string Url(string baseUrl) => $"{baseUrl.TrimEnd('/')}/{AccountId}/{Name}";

    public SqsMessage Send(string body) => Add(new SqsMessage(Guid.NewGuid().ToString(), body, time.GetUtcNow()));

    /// <summary>Up to <paramref name="max"/> visible messages, each now invisible for <paramref name="visibility"/>; waits up to <paramref name="wait"/> for one.</summary>
    public async Task<IReadOnlyList<SqsMessage>> ReceiveAsync(int max, TimeSpan visibility, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            Task arrived;
            TimeSpan sleep;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                var received = TakeVisible(max, visibility, now, out var nextVisible);
                if (received.Count > 0 || now >= deadline)
                {
                    return received;
                }

                arrived = _arrived.Task;
                sleep = (nextVisible is { } next && next < deadline ? next : deadline) - now;
            }

            try
            {
                await Task.WhenAny(arrived, Task.Delay(sleep > TimeSpan.Zero ? sleep : TimeSpan.Zero, time, cancellationToken)).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The caller hung up (or the sandbox stops): nothing was taken.
                return [];
            }
        }
    }

    /// <summary>Deletes the message a receipt handle names; true also when it is already gone (SQS answers success).</summary>
    public bool Delete(string receiptHandle)
    {
        if (!TryParseHandle(receiptHandle, out var messageId))
        {
            return false;
        }

        lock (_gate)
        {
            if (_byId.Remove(messageId, out var node))
            {
                _messages.Remove(node);
            }
        }

        return true;
    }

    /// <returns>Null when done; else the error code (<c>ReceiptHandleIsInvalid</c>, <c>MessageNotInflight</c>).</returns>
    public string? ChangeVisibility(string receiptHandle, TimeSpan visibility)
    {
        if (!TryParseHandle(receiptHandle, out var messageId))
        {
            return "ReceiptHandleIsInvalid";
        }

        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_byId.TryGetValue(messageId, out var node) || node.Value.ReceiptHandle != receiptHandle || node.Value.VisibleAt <= now)
            {
                return "MessageNotInflight";
            }

            node.Value.VisibleAt = now + visibility;
            if (visibility == TimeSpan.Zero)
            {
                Signal();
            }

            return null;
        }
    }

    /// <summary>(visible, in flight) now, after dropping messages past the retention period.</summary>
    public (int Visible, int InFlight) Depth()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Expire(now);
            var visible = _messages.Count(m => m.VisibleAt <= now);
            return (visible, _messages.Count - visible);
        }
    }

    public IReadOnlyList<SqsMessage> Peek(int limit)
    {
        lock (_gate)
        {
            return [.. _messages.Take(limit)];
        }
    }

    public void Purge()
    {
        lock (_gate)
        {
            _messages.Clear();
            _byId.Clear();
        }
    }

    private SqsMessage Add(SqsMessage message)
    {
        lock (_gate)
        {
            _byId[message.MessageId] = _messages.AddLast(message);
            Signal();
        }

        return message;
    }

    private List<SqsMessage> TakeVisible(int max, TimeSpan visibility, DateTimeOffset now, out DateTimeOffset? nextVisible)
    {
        Expire(now);
        var taken = new List<SqsMessage>(max);
        nextVisible = null;
        var node = _messages.First;
        while (node is not null && taken.Count < max)
        {
            var next = node.Next;
            var message = node.Value;
            if (message.VisibleAt > now)
            {
                nextVisible = nextVisible is { } earliest && earliest < message.VisibleAt ? earliest : message.VisibleAt;
            }
            else if (DeadLetterQueue is { } deadLetters && message.ReceiveCount >= MaxReceiveCount)
            {
                // Received maxReceiveCount times and still here: the redrive policy moves it, keeping its id and sent time.
                _messages.Remove(node);
                _byId.Remove(message.MessageId);
                deadLetters.Add(new SqsMessage(message.MessageId, message.Body, message.SentAt) { ReceiveCount = 0 });
            }
            else
            {
                message.ReceiveCount++;
                message.FirstReceivedAt ??= now;
                message.VisibleAt = now + visibility;
                message.ReceiptHandle = $"{message.MessageId}#{Guid.NewGuid():N}";
                taken.Add(message);
            }

            node = next;
        }

        return taken;
    }

    private void Expire(DateTimeOffset now)
    {
        while (_messages.First is { } oldest && oldest.Value.SentAt + RetentionPeriod <= now)
        {
            _byId.Remove(oldest.Value.MessageId);
            _messages.RemoveFirst();
        }
    }

    private void Signal()
    {
        var arrived = _arrived;
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        arrived.TrySetResult();
    }

    private static bool TryParseHandle(string receiptHandle, out string messageId)
    {
        var hash = receiptHandle.IndexOf('#', StringComparison.Ordinal);
        messageId = hash > 0 ? receiptHandle[..hash] : string.Empty;
        return hash > 0 && Guid.TryParse(messageId, out _);
    }
}
