namespace EmailList.Sandbox.Sqs;

/// <summary>The platform account's queues: the SES event queue and its dead-letter queue, made at start from <see cref="SandboxQueueOptions"/>.</summary>
internal sealed class SqsQueues
{
    private readonly Dictionary<(string AccountId, string Name), SqsQueue> _queues = [];

    public SqsQueues(SandboxOptions options, TimeProvider time)
    {
        var settings = options.Queue;
        DeadLetters = new SqsQueue(options.PlatformAccountId, options.Region, settings.DeadLetterName, time)
        {
            VisibilityTimeout = settings.VisibilityTimeout,
            RetentionPeriod = settings.RetentionPeriod,
        };
        Events = new SqsQueue(options.PlatformAccountId, options.Region, settings.Name, time)
        {
            VisibilityTimeout = settings.VisibilityTimeout,
            RetentionPeriod = settings.RetentionPeriod,
            DeadLetterQueue = DeadLetters,
            MaxReceiveCount = settings.MaxReceiveCount,
        };
        _queues[(Events.AccountId, Events.Name)] = Events;
        _queues[(DeadLetters.AccountId, DeadLetters.Name)] = DeadLetters;
    }

    /// <summary>The queue the platform bus's rule targets.</summary>
    public SqsQueue Events { get; }

    public SqsQueue DeadLetters { get; }

    public IEnumerable<SqsQueue> All => _queues.Values;

    public SqsQueue? Find(string accountId, string name) => _queues.GetValueOrDefault((accountId, name));

    public void Purge()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Purge();
        }
    }
}
