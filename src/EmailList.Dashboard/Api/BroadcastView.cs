namespace EmailList.Dashboard.Api;

/// <param name="Status">draft, scheduled, sending, paused, sent or cancelled.</param>
public sealed record BroadcastView(
    string Id,
    string ListId,
    string Name,
    string From,
    string? Subject,
    string Status,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? PauseReason,
    BroadcastProgressView Progress,
    DateTimeOffset CreatedAt)
{
    /// <summary>Still moving on its own: the page polls it.</summary>
    public bool IsLive => Status is "scheduled" or "sending";
}
