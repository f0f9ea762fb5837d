using EmailList.Core.Events;

namespace EmailList.Core.Webhooks;

/// <summary>The checks every <see cref="IEventStore"/> makes, before writing anything, on the deliveries it writes with an event.</summary>
public static class WebhookOutboxRules
{
    /// <exception cref="ArgumentException">A delivery of another tenant, or more than one per webhook limit allows.</exception>
    public static void Check(SesEvent sesEvent, IReadOnlyList<WebhookDelivery> deliveries)
    {
        ArgumentNullException.ThrowIfNull(sesEvent);
        ArgumentNullException.ThrowIfNull(deliveries);
        if (deliveries.Count > WebhookLimits.MaxPerTenant)
        {
            throw new ArgumentException($"An event has at most {WebhookLimits.MaxPerTenant} deliveries (one per webhook), not {deliveries.Count}.", nameof(deliveries));
        }

        foreach (var delivery in deliveries)
        {
            ArgumentNullException.ThrowIfNull(delivery, nameof(deliveries));
            if (!string.Equals(delivery.TenantId, sesEvent.TenantId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Delivery {delivery.Id} belongs to another tenant than event {sesEvent.EventId}.", nameof(deliveries));
            }
        }
    }
}
