using EmailList.Core.Identifiers;
using EmailList.Core.Lists;

namespace EmailList.Core.Webhooks;

/// <summary>
/// Queues the list events (<see cref="WebhookEventTypes.ContactSubscribed"/>, <see cref="WebhookEventTypes.ContactConfirmed"/>,
/// <see cref="WebhookEventTypes.ContactUnsubscribed"/>) for the tenant's webhooks that want them. Called right after the
/// subscription change is stored, not atomically with it: a crash between the two loses the event. Each event's id is
/// derived from the change (type, list, contact and the change's own time), so repeating the call after a retry of the
/// change writes nothing new; a tenant without such a webhook costs a cache lookup.
/// </summary>
public sealed class ListWebhookEvents(TenantWebhooks webhooks, IWebhookDeliveryStore deliveries, IContactStore contacts, TimeProvider time)
{
    /// <summary>The prefix of list events' ids (the delivery's <see cref="WebhookDelivery.EventId"/>).</summary>
    public const string EventIdPrefix = "evt_";

    /// <summary>The contact joined the list: Pending (double opt-in) or Subscribed, with the consent just recorded.</summary>
    public Task SubscribedAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return AddAsync(WebhookEventTypes.ContactSubscribed, subscription, subscription.Consent.At, cancellationToken);
    }

    /// <summary>The contact confirmed a pending subscription; reads it back only when a webhook wants the event.</summary>
    public async Task ConfirmedAsync(string tenantId, string listId, string contactId, CancellationToken cancellationToken)
    {
        if ((await webhooks.WantingAsync(tenantId, WebhookEventTypes.ContactConfirmed, cancellationToken)).Count == 0)
        {
            return;
        }

        if (await contacts.GetSubscriptionAsync(tenantId, listId, contactId, cancellationToken) is { Status: SubscriptionStatus.Subscribed, ConfirmedAt: { } at } subscription)
        {
            await AddAsync(WebhookEventTypes.ContactConfirmed, subscription, at, cancellationToken);
        }
    }

    /// <summary>The contact left the list (or had left it already: the same event, written once).</summary>
    public Task UnsubscribedAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return subscription.Status == SubscriptionStatus.Unsubscribed
            ? AddAsync(WebhookEventTypes.ContactUnsubscribed, subscription, subscription.UnsubscribedAt ?? subscription.UpdatedAt, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>The id of the list event <paramref name="eventType"/> of this subscription changed at <paramref name="at"/>.</summary>
    public static string EventId(string eventType, Subscription subscription, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return RandomId.Derive(EventIdPrefix, eventType, subscription.TenantId, subscription.ListId, subscription.ContactId, WebhookPayload.Timestamp(at));
    }

    private async Task AddAsync(string eventType, Subscription subscription, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var wanting = await webhooks.WantingAsync(subscription.TenantId, eventType, cancellationToken);
        if (wanting.Count == 0)
        {
            return;
        }

        var payload = WebhookPayload.ForContact(eventType, subscription, at);
        await deliveries.AddManyAsync(
            TenantWebhooks.Deliveries(wanting, eventType, EventId(eventType, subscription, at), payload, time.GetUtcNow()), cancellationToken);
    }
}
