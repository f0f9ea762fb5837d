using EmailList.Core.Tenants;

namespace EmailList.Core.Webhooks;

/// <summary>
/// A tenant's webhooks as the writers of deliveries read them, through a short in-process cache: a burst of events
/// costs one store read per tenant per <see cref="CacheDuration"/>, and a tenant without webhooks costs nothing more.
/// A webhook created, changed or deleted is seen up to <see cref="CacheDuration"/> late (events in that window go by the
/// old list) unless the change is announced: <see cref="Invalidate"/> in this process, or a tenant change raised on the
/// <see cref="TenantChangeFeed"/> (which reaches other instances through Redis, and every host of the embedded default).
/// </summary>
public sealed class TenantWebhooks
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(5);

    private readonly ReadThroughCache<IReadOnlyList<Webhook>> _cache;
    private readonly IWebhookStore _store;

    public TenantWebhooks(IWebhookStore store, TimeProvider time, TenantChangeFeed? changes = null)
    {
        _store = store;
        _cache = new ReadThroughCache<IReadOnlyList<Webhook>>(time);
        changes?.Subscribe(tenantId =>
        {
            if (tenantId is null)
            {
                _cache.Clear();
            }
            else
            {
                _cache.Invalidate(tenantId);
            }
        });
    }

    /// <summary>The tenant's enabled webhooks that want <paramref name="eventType"/>; empty (no allocation) when there are none.</summary>
    public async ValueTask<IReadOnlyList<Webhook>> WantingAsync(string tenantId, string eventType, CancellationToken cancellationToken)
    {
        var webhooks = await _cache.GetAsync(tenantId, CacheDuration, static (tenant, store, token) => store.ListAsync(tenant, token), _store, cancellationToken);
        if (webhooks.Count == 0)
        {
            return webhooks;
        }

        return [.. webhooks.Where(w => w.Wants(eventType))];
    }

    /// <summary>Forgets the tenant's cached webhooks, after a change made through this process.</summary>
    public void Invalidate(string tenantId) => _cache.Invalidate(tenantId);

    /// <summary>
    /// One delivery per webhook of <paramref name="webhooks"/>, id derived from webhook and <paramref name="eventId"/>
    /// (so a repeat writes nothing new), due at <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<WebhookDelivery> Deliveries(
        IReadOnlyList<Webhook> webhooks, string eventType, string eventId, string payload, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        return [.. webhooks.Select(webhook => new WebhookDelivery
        {
            TenantId = webhook.TenantId,
            Id = DeliveryId(webhook.Id, eventId),
            WebhookId = webhook.Id,
            EventType = eventType,
            EventId = eventId,
            Payload = payload,
            CreatedAt = now,
            NextAttemptAt = now,
            ExpiresAt = now + WebhookLimits.LogRetention,
        })];
    }

    /// <summary>The delivery id of an event to a webhook: <c>RandomId.Derive("msg_", webhookId, eventId)</c>, the <c>webhook-id</c> header.</summary>
    public static string DeliveryId(string webhookId, string eventId) => Identifiers.RandomId.Derive(WebhookDeliveryRange.DeliveryIdPrefix, webhookId, eventId);
}
