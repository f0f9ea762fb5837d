using EmailList.Core.Events;
using EmailList.QueryApi.Events;

namespace EmailList.QueryApi.Messages;

/// <summary>GET /messages/{messageId}: the message's current state and its events, oldest first.</summary>
internal sealed record MessageResponse(
    string MessageId,
    string Status,
    string? From,
    string? Subject,
    IReadOnlyList<string> Recipients,
    DateTimeOffset? SentAt,
    DateTimeOffset FirstEventAt,
    DateTimeOffset LastEventAt,
    int EventCount,
    int Deliveries,
    int Bounces,
    int Complaints,
    int Opens,
    int Clicks,
    IReadOnlyList<EventItem> Timeline,
    bool TimelineTruncated)
{
    public static MessageResponse Create(MessageSummary summary, IReadOnlyList<SesEvent> events, bool truncated) =>
        new(summary.MessageId, summary.Status.ToString(), summary.From, summary.Subject, summary.Recipients, summary.SentAt,
            summary.FirstEventAt, summary.LastEventAt, summary.EventCount, summary.Deliveries, summary.Bounces, summary.Complaints,
            summary.Opens, summary.Clicks, events.Select(EventItem.Create).ToList(), truncated);
}
