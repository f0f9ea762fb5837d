namespace EmailList.Core.Events;

/// <summary>One SES event, attributed to one tenant, with the fields users ask about and the raw JSON for the detail view.</summary>
public sealed record SesEvent
{
    public required string TenantId { get; init; }

    /// <summary>The EventBridge envelope id: a redelivery carries the same id, so it is the deduplication key.</summary>
    public required string EventId { get; init; }

    public required SesEventType Type { get; init; }

    /// <summary>
    /// When it happened, by SES's clock: the type's own timestamp (bounce.timestamp, delivery.timestamp, ...); for Send,
    /// Reject and Rendering Failure, whose objects have none, mail.timestamp.
    /// </summary>
    public required DateTimeOffset OccurredAt { get; init; }

    public required string MessageId { get; init; }

    /// <summary>mail.timestamp: when SES accepted the message.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Normalized addresses the event is about: the bounced, complaining, delivered or delayed recipients; for the others, mail.destination.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>
    /// Normalized mail.destination: every recipient of the message (to, cc, bcc). SES puts the same mail object in
    /// every event of a message, so a Delivery that arrives before its Send still tells who the message went to.
    /// </summary>
    public IReadOnlyList<string> Destination { get; init; } = [];

    public string? From { get; init; }
    public string? Subject { get; init; }

    /// <summary>mail.tags: SES gives each tag a list of values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Tags { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Permanent, Transient or Undetermined.</summary>
    public string? BounceType { get; init; }
    public string? BounceSubType { get; init; }
    public string? DiagnosticCode { get; init; }
    public string? ComplaintFeedbackType { get; init; }
    public string? ClickLink { get; init; }
    public string? UserAgent { get; init; }
    public string? IpAddress { get; init; }
    public string? DelayType { get; init; }

    /// <summary>Reject's reason or Rendering Failure's error message.</summary>
    public string? Reason { get; init; }

    /// <summary>The event exactly as EventBridge delivered it.</summary>
    public required string RawJson { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>After this the event and its message summary may be deleted (tenant's retention).</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
