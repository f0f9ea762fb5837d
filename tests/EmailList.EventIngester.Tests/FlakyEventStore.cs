using EmailList.Core.Events;

namespace EmailList.EventIngester.Tests;

/// <summary>The real event store, except that adding an event the test picks throws as an unreachable database would.</summary>
public sealed class FlakyEventStore(IEventStore inner) : IEventStore
{
    public Func<SesEvent, bool>? FailAdd { get; set; }

    public Task<bool> TryAddAsync(SesEvent sesEvent, CancellationToken cancellationToken) =>
        FailAdd?.Invoke(sesEvent) == true
            ? throw new IOException("disk I/O error (injected)")
            : inner.TryAddAsync(sesEvent, cancellationToken);

    public Task<bool> TryAddAsync(SesEvent sesEvent, IReadOnlyList<EmailList.Core.Webhooks.WebhookDelivery> deliveries, CancellationToken cancellationToken) =>
        FailAdd?.Invoke(sesEvent) == true
            ? throw new IOException("disk I/O error (injected)")
            : inner.TryAddAsync(sesEvent, deliveries, cancellationToken);

    public Task<SesEvent?> GetAsync(string tenantId, string eventId, CancellationToken cancellationToken) =>
        inner.GetAsync(tenantId, eventId, cancellationToken);

    public Task<EventPage> QueryAsync(string tenantId, EventQuery query, CancellationToken cancellationToken) =>
        inner.QueryAsync(tenantId, query, cancellationToken);

    public Task<MessageSummary?> GetMessageAsync(string tenantId, string messageId, CancellationToken cancellationToken) =>
        inner.GetMessageAsync(tenantId, messageId, cancellationToken);

    public Task<IReadOnlyList<SesEvent>> GetMessageEventsAsync(string tenantId, string messageId, int limit, CancellationToken cancellationToken) =>
        inner.GetMessageEventsAsync(tenantId, messageId, limit, cancellationToken);

    public Task<IReadOnlyList<EventCount>> CountAsync(string tenantId, DateTimeOffset since, DateTimeOffset until, StatsBucket bucket, CancellationToken cancellationToken) =>
        inner.CountAsync(tenantId, since, until, bucket, cancellationToken);

    public Task<IReadOnlyList<TaggedEventCount>> CountAsync(string tenantId, EventCountQuery query, CancellationToken cancellationToken) =>
        inner.CountAsync(tenantId, query, cancellationToken);

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.PurgeExpiredAsync(now, cancellationToken);
}
