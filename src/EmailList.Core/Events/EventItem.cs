namespace EmailList.Core.Events;

/// <summary>
/// One event as tenants see it, in <c>GET /events</c>, a message's timeline and a webhook payload's <c>data</c>: the fields
/// users ask about, without the raw JSON. One shape for all three, so they cannot drift.
/// </summary>
public record EventItem
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string MessageId { get; init; }
    public required IReadOnlyList<string> Recipients { get; init; }
    public string? From { get; init; }
    public string? Subject { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Tags { get; init; }
    public string? BounceType { get; init; }
    public string? BounceSubType { get; init; }
    public string? DiagnosticCode { get; init; }
    public string? ComplaintFeedbackType { get; init; }
    public string? ClickLink { get; init; }
    public string? UserAgent { get; init; }
    public string? IpAddress { get; init; }
    public string? DelayType { get; init; }
    public string? Reason { get; init; }

    public static EventItem Create(SesEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new EventItem
        {
            Id = e.EventId,
            Type = e.Type.ToString(),
            OccurredAt = e.OccurredAt,
            MessageId = e.MessageId,
            Recipients = e.Recipients,
            From = e.From,
            Subject = e.Subject,
            Tags = e.Tags,
            BounceType = e.BounceType,
            BounceSubType = e.BounceSubType,
            DiagnosticCode = e.DiagnosticCode,
            ComplaintFeedbackType = e.ComplaintFeedbackType,
            ClickLink = e.ClickLink,
            UserAgent = e.UserAgent,
            IpAddress = e.IpAddress,
            DelayType = e.DelayType,
            Reason = e.Reason,
        };
    }
}
