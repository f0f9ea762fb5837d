namespace EmailList.Core.Webhooks;

/// <summary>What one delivery attempt found, and what becomes of the delivery.</summary>
/// <param name="Status">Succeeded, Failed (given up), or Pending to try again at <paramref name="NextAttemptAt"/>.</param>
public sealed record WebhookAttempt(
    DateTimeOffset At,
    int? StatusCode,
    string? Error,
    int DurationMs,
    WebhookDeliveryStatus Status,
    DateTimeOffset? NextAttemptAt);
