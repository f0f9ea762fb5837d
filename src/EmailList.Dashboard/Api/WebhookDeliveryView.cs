namespace EmailList.Dashboard.Api;

/// <summary>One line of a webhook's delivery log; <see cref="Status"/> is pending, succeeded or failed.</summary>
public sealed record WebhookDeliveryView(
    string Id,
    string WebhookId,
    string EventType,
    string EventId,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    int? LastDurationMs,
    DateTimeOffset? CompletedAt);
