namespace EmailList.Core.Webhooks;

/// <summary>
/// The webhook outbox and delivery log. Tenant-facing calls are scoped to one tenant; the claim calls serve every
/// tenant, fairly per webhook: one slow or failing endpoint's backlog does not hold back another's deliveries.
/// SES events' deliveries are written with the event itself (<see cref="Events.IEventStore.TryAddAsync(Events.SesEvent, IReadOnlyList{WebhookDelivery}, CancellationToken)"/>).
/// </summary>
public interface IWebhookDeliveryStore
{
    /// <summary>Stores those deliveries whose id the tenant does not have yet and ignores the others; the count stored.</summary>
    Task<int> AddManyAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken);

    Task<WebhookDelivery?> GetAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>The webhook's deliveries, newest first.</summary>
    Task<WebhookDeliveryPage> ListAsync(string tenantId, WebhookDeliveryQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> Pending deliveries due at <paramref name="now"/> (or whose lease ran out),
    /// at most <paramref name="perWebhookLimit"/> per webhook, earliest first, owned by <paramref name="owner"/> until
    /// now + <paramref name="lease"/>. Two instances never hold the same delivery at once.
    /// </summary>
    Task<IReadOnlyList<WebhookDeliveryClaim>> ClaimDueAsync(
        DateTimeOffset now, int limit, int perWebhookLimit, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records an attempt (counting it) and the delivery's new state; false when the claim was lost.</summary>
    Task<bool> RecordAttemptAsync(WebhookDeliveryClaim claim, WebhookAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Makes a delivery (in any status) Pending and due at <paramref name="now"/> again, keeping its log; false when there is none.</summary>
    Task<bool> RetryAsync(string tenantId, string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes deliveries whose ExpiresAt is before <paramref name="now"/>; how many went.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
