namespace EmailList.Core.Webhooks;

/// <summary>
/// One event to one webhook: the outbox row the dispatcher delivers, and the line in the webhook's delivery log.
/// Its <see cref="Id"/> is derived from webhook and event (<c>RandomId.Derive("msg_", webhookId, eventId)</c>), so
/// writing it twice is a no-op, and it is the <c>webhook-id</c> header: the same on every attempt.
/// </summary>
public sealed record WebhookDelivery
{
    public required string TenantId { get; init; }

    public required string Id { get; init; }

    public required string WebhookId { get; init; }

    /// <summary>A <see cref="WebhookEventTypes"/> name.</summary>
    public required string EventType { get; init; }

    /// <summary>The SES event id, or the list event's id; for tracing, not unique per delivery.</summary>
    public required string EventId { get; init; }

    /// <summary>The exact JSON body POSTed (Standard Webhooks: type, timestamp, data), fixed when the delivery is created.</summary>
    public required string Payload { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public WebhookDeliveryStatus Status { get; init; } = WebhookDeliveryStatus.Pending;

    public required DateTimeOffset NextAttemptAt { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>The endpoint's HTTP status on the last attempt; null when it did not answer (timeout, refused, DNS).</summary>
    public int? LastStatusCode { get; init; }

    /// <summary>Why the last attempt failed (e.g. "timeout after 5 s", "connection refused", the start of the response body).</summary>
    public string? LastError { get; init; }

    public int? LastDurationMs { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>After this the log line may be deleted.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
