using EmailList.Core.Webhooks;

namespace EmailList.Core.Events;

/// <summary>Each tenant's SES events and per-message roll-ups. Every call is scoped to one tenant.</summary>
public interface IEventStore
{
    /// <summary>
    /// Stores the event and folds it into its message's summary (<see cref="MessageRollup"/>), atomically.
    /// False, and nothing changes, when the tenant already has an event with this <see cref="SesEvent.EventId"/>.
    /// </summary>
    Task<bool> TryAddAsync(SesEvent sesEvent, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="TryAddAsync(SesEvent, CancellationToken)"/>, and writes <paramref name="deliveries"/> (the event's
    /// webhook outbox rows, <see cref="IWebhookDeliveryStore"/>) in the same atomic step when the event is new: an event
    /// stored is an event delivered. Nothing is written for a duplicate.
    /// </summary>
    Task<bool> TryAddAsync(SesEvent sesEvent, IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken);

    Task<SesEvent?> GetAsync(string tenantId, string eventId, CancellationToken cancellationToken);

    /// <exception cref="ArgumentException">The cursor does not decode or belongs to another tenant or query.</exception>
    Task<EventPage> QueryAsync(string tenantId, EventQuery query, CancellationToken cancellationToken);

    Task<MessageSummary?> GetMessageAsync(string tenantId, string messageId, CancellationToken cancellationToken);

    /// <summary>The message's events, oldest first (at most <paramref name="limit"/>).</summary>
    Task<IReadOnlyList<SesEvent>> GetMessageEventsAsync(string tenantId, string messageId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Event counts and their recipient sums per type per hour or day (UTC) with OccurredAt in [since, until); buckets
    /// without events are absent.
    /// </summary>
    Task<IReadOnlyList<EventCount>> CountAsync(string tenantId, DateTimeOffset since, DateTimeOffset until, StatsBucket bucket, CancellationToken cancellationToken);

    /// <summary>
    /// Event counts per type (and per group, per bucket) of the events <paramref name="query"/> selects; combinations
    /// without events are absent. <see cref="ArgumentException"/> for an empty tag name or value.
    /// </summary>
    Task<IReadOnlyList<TaggedEventCount>> CountAsync(string tenantId, EventCountQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes events and summaries whose ExpiresAt is before <paramref name="now"/>; returns how many events went.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
