using EmailList.Core.Events;
using EmailList.Core.Webhooks;

namespace EmailList.EventIngester.Events;

/// <summary>
/// Attributes each event to its tenant, stores it (once, whatever the redeliveries) with a delivery to each of the
/// tenant's webhooks that wants it (the outbox rows, written in the same step), and applies the suppressions and list
/// unsubscribes it implies, and the scheduled-mail send it confirms, in order. Events no tenant can claim are dropped: acknowledged, counted and logged, so EventBridge stops retrying them.
/// </summary>
public sealed class SesEventIngestor(
    AccountTenants accountTenants,
    IEventStore events,
    EventSuppressor suppressor,
    ListUnsubscriber unsubscriber,
    ScheduledMailConfirmer scheduledMail,
    TenantWebhooks webhooks,
    TimeProvider time,
    IngesterMetrics metrics,
    ILogger<SesEventIngestor> logger)
{
    /// <exception cref="EventStorageException">An event could not be stored or its suppression written; the request must not be acknowledged.</exception>
    public async Task<IngestResponse> IngestAsync(IReadOnlyList<ParsedSesEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int stored = 0, duplicates = 0, dropped = 0;
        foreach (var parsed in batch)
        {
            try
            {
                var sesEvent = await AttributeAsync(parsed, cancellationToken);
                if (sesEvent is null)
                {
                    dropped++;
                    continue;
                }

                if (await events.TryAddAsync(sesEvent, await DeliveriesAsync(sesEvent, cancellationToken), cancellationToken))
                {
                    stored++;
                    metrics.Stored(sesEvent.Type);
                }
                else
                {
                    duplicates++;
                    metrics.Duplicate(sesEvent.Type);
                }

                // Also for a duplicate: the attempt that stored it may have failed before the suppression or unsubscribe was written.
                await suppressor.ApplyAsync(sesEvent, parsed.UnsubscribesAll, cancellationToken);
                await unsubscriber.ApplyAsync(sesEvent, parsed.OptsOut, cancellationToken);
                await scheduledMail.ApplyAsync(sesEvent, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                IngesterLog.StorageFailed(logger, e, parsed.Event.EventId);
                throw new EventStorageException($"SES event {parsed.Event.EventId} could not be stored.", e);
            }
        }

        return new IngestResponse(stored, duplicates, dropped);
    }

    /// <summary>
    /// One delivery per enabled webhook of the tenant that wants the event's type, the payload built once; none (and no
    /// payload built) for a tenant without such a webhook. Webhooks are read through <see cref="TenantWebhooks"/>'s short
    /// cache, so one created seconds ago may miss the events of those seconds.
    /// </summary>
    private async ValueTask<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(SesEvent sesEvent, CancellationToken cancellationToken)
    {
        var eventType = WebhookEventTypes.Of(sesEvent.Type);
        var wanting = await webhooks.WantingAsync(sesEvent.TenantId, eventType, cancellationToken);
        return wanting.Count == 0
            ? []
            : TenantWebhooks.Deliveries(wanting, eventType, sesEvent.EventId, WebhookPayload.ForEvent(sesEvent), time.GetUtcNow());
    }

    private async Task<SesEvent?> AttributeAsync(ParsedSesEvent parsed, CancellationToken cancellationToken)
    {
        var tenants = await accountTenants.FindAsync(parsed.AccountId, recheck: false, cancellationToken);
        var (tenant, reason) = EventAttribution.Attribute(tenants, parsed.TenantTag);
        if (tenant is null)
        {
            // The cached answer may predate a tenant onboarded seconds ago: look again before dropping.
            tenants = await accountTenants.FindAsync(parsed.AccountId, recheck: true, cancellationToken);
            (tenant, reason) = EventAttribution.Attribute(tenants, parsed.TenantTag);
        }

        if (tenant is null)
        {
            metrics.Dropped(reason!.Value);
            IngesterLog.EventDropped(logger, parsed.Event.EventId, parsed.AccountId, IngesterMetrics.TagOf(reason.Value));
            return null;
        }

        return parsed.AttributeTo(tenant);
    }
}
