namespace EmailList.Core.Events;

/// <summary>Folds one event into its message's summary; order-independent, so out-of-order arrival gives the same result.</summary>
public static class MessageRollup
{
    public static MessageSummary Apply(MessageSummary? current, SesEvent sesEvent)
    {
        ArgumentNullException.ThrowIfNull(sesEvent);
        var status = StatusOf(sesEvent.Type);
        var summary = current ?? new MessageSummary
        {
            TenantId = sesEvent.TenantId,
            MessageId = sesEvent.MessageId,
            Status = status,
            FirstEventAt = sesEvent.OccurredAt,
            LastEventAt = sesEvent.OccurredAt,
        };

        return summary with
        {
            Status = status > summary.Status ? status : summary.Status,
            From = summary.From ?? sesEvent.From,
            Subject = summary.Subject ?? sesEvent.Subject,
            Recipients = summary.Recipients.Count > 0 ? summary.Recipients : sesEvent.Recipients.Take(50).ToArray(),
            SentAt = summary.SentAt ?? sesEvent.SentAt,
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
