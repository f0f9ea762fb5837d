namespace EmailList.Core.Events;

/// <summary>The roll-up of a message's events, kept per message so timelines and lists need no scan.</summary>
public sealed record MessageSummary
{
    public required string TenantId { get; init; }
    public required string MessageId { get; init; }
    public MessageStatus Status { get; init; }
    public string? From { get; init; }
    public string? Subject { get; init; }
    public IReadOnlyList<string> Recipients { get; init; } = [];
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset FirstEventAt { get; init; }
    public DateTimeOffset LastEventAt { get; init; }
    public int EventCount { get; init; }
    public int Deliveries { get; init; }
    public int Bounces { get; init; }
    public int Complaints { get; init; }
    public int Opens { get; init; }
    public int Clicks { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}
