namespace EmailList.Core.Events;

/// <summary>
/// Folds one event into its message's summary. Every field is a commutative, associative choice (set union, minimum,
/// maximum, sum), so any arrival order of the same events gives the same summary; the stores refuse duplicates first.
/// </summary>
public static class MessageRollup
{
    /// <summary>SES accepts at most 50 recipients per message.</summary>
    public const int MaxRecipients = 50;

    public static MessageSummary Apply(MessageSummary? current, SesEvent sesEvent)
    {
        ArgumentNullException.ThrowIfNull(sesEvent);
        var summary = current ?? new MessageSummary
        {
            TenantId = sesEvent.TenantId,
            MessageId = sesEvent.MessageId,
            FirstEventAt = sesEvent.OccurredAt,
            LastEventAt = sesEvent.OccurredAt,
        };
        var status = StatusOf(sesEvent.Type);

        return summary with
        {
            Status = status > summary.Status ? status : summary.Status,
            From = Least(summary.From, sesEvent.From),
            Subject = Least(summary.Subject, sesEvent.Subject),
            // mail.destination names every recipient in every event; the event's own recipients are a subset of it,
            // and stand in for it in events stored without it.
            Recipients = summary.Recipients.Concat(sesEvent.Destination).Concat(sesEvent.Recipients)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxRecipients).ToArray(),
            SentAt = summary.SentAt is { } sent && (sesEvent.SentAt is not { } other || sent <= other) ? sent : sesEvent.SentAt,
            FirstEventAt = sesEvent.OccurredAt < summary.FirstEventAt ? sesEvent.OccurredAt : summary.FirstEventAt,
            LastEventAt = sesEvent.OccurredAt > summary.LastEventAt ? sesEvent.OccurredAt : summary.LastEventAt,
            EventCount = summary.EventCount + 1,
            Deliveries = summary.Deliveries + (sesEvent.Type == SesEventType.Delivery ? 1 : 0),
            Bounces = summary.Bounces + (sesEvent.Type == SesEventType.Bounce ? 1 : 0),
            Complaints = summary.Complaints + (sesEvent.Type == SesEventType.Complaint ? 1 : 0),
            Opens = summary.Opens + (sesEvent.Type == SesEventType.Open ? 1 : 0),
            Clicks = summary.Clicks + (sesEvent.Type == SesEventType.Click ? 1 : 0),
            ExpiresAt = sesEvent.ExpiresAt > summary.ExpiresAt ? sesEvent.ExpiresAt : summary.ExpiresAt,
        };
    }

    /// <summary>SES repeats the mail object in every event, so these agree; when they do not, the ordinal least wins, in any order.</summary>
    private static string? Least(string? current, string? candidate) =>
        current is null || (candidate is not null && string.CompareOrdinal(candidate, current) < 0) ? candidate : current;

    public static MessageStatus StatusOf(SesEventType type) => type switch
    {
        SesEventType.Delivery => MessageStatus.Delivered,
        SesEventType.DeliveryDelay => MessageStatus.Delayed,
        SesEventType.Open => MessageStatus.Opened,
        SesEventType.Click => MessageStatus.Clicked,
        SesEventType.RenderingFailure => MessageStatus.RenderingFailed,
        SesEventType.Reject => MessageStatus.Rejected,
        SesEventType.Bounce => MessageStatus.Bounced,
        SesEventType.Complaint => MessageStatus.Complained,
        _ => MessageStatus.Sent,
    };
}
