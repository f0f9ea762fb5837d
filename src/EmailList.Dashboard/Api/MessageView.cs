namespace EmailList.Dashboard.Api;

public sealed record MessageView(
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
    IReadOnlyList<EventView> Timeline,
    bool TimelineTruncated);
