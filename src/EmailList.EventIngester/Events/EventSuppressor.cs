using EmailList.Core.Events;
using EmailList.Core.Suppression;
using Microsoft.Extensions.Options;

namespace EmailList.EventIngester.Events;

/// <summary>
/// Puts the recipients of a stored event on the tenant's suppression list when SES says mail to them should stop:
/// a Permanent bounce, a complaint, or <see cref="IngesterOptions.TransientBounceThreshold"/> Transient bounces within
/// <see cref="IngesterOptions.TransientBounceWindow"/>, or an unsubscribe from every topic (List-Unsubscribe or SES's
/// subscription page) by the one recipient of the mail. Safe to repeat for the same event: addresses already on the list keep their entry.
/// </summary>
public sealed class EventSuppressor(
    SuppressionList suppressionList,
    IEventStore events,
    IOptions<IngesterOptions> options,
    TimeProvider time,
    ILogger<EventSuppressor> logger)
{
    private static readonly IReadOnlySet<SesEventType> BounceOnly = new HashSet<SesEventType> { SesEventType.Bounce };

    /// <param name="unsubscribesAll">The event is a Subscription whose new preferences unsubscribe from every topic.</param>
    public async Task ApplyAsync(SesEvent sesEvent, bool unsubscribesAll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sesEvent);
        if (sesEvent.Recipients.Count == 0)
        {
            return;
        }

        var source = "ses-event:" + sesEvent.EventId;
        if (sesEvent.Type == SesEventType.Complaint)
        {
            await SuppressAsync(sesEvent, sesEvent.Recipients, SuppressionReason.Complaint, source, cancellationToken);
        }
        else if (sesEvent.Type == SesEventType.Subscription && unsubscribesAll)
        {
            // The event names the mail's destinations, not who unsubscribed: with more than one, suppressing them all
            // would silence recipients who asked for nothing.
            if (sesEvent.Recipients.Count == 1)
            {
                await SuppressAsync(sesEvent, sesEvent.Recipients, SuppressionReason.Unsubscribe, source, cancellationToken);
            }
            else
            {
                IngesterLog.UnsubscriberUnknown(logger, sesEvent.TenantId, sesEvent.EventId, sesEvent.Recipients.Count);
            }
        }
        else if (sesEvent.Type == SesEventType.Bounce && IsBounceType(sesEvent, "Permanent"))
        {
            await SuppressAsync(sesEvent, sesEvent.Recipients, SuppressionReason.Bounce, source, cancellationToken);
        }
        else if (sesEvent.Type == SesEventType.Bounce && IsBounceType(sesEvent, "Transient"))
        {
            var reached = new List<string>();
            foreach (var recipient in sesEvent.Recipients)
            {
                if (await TransientThresholdReachedAsync(sesEvent.TenantId, recipient, cancellationToken))
                {
                    reached.Add(recipient);
                }
            }

            await SuppressAsync(sesEvent, reached, SuppressionReason.Bounce, source + ":transient-threshold", cancellationToken);
        }
    }

    private async Task<bool> TransientThresholdReachedAsync(string tenantId, string recipient, CancellationToken cancellationToken)
    {
        var threshold = options.Value.TransientBounceThreshold;
        var query = new EventQuery(
            From: time.GetUtcNow() - options.Value.TransientBounceWindow,
            Types: BounceOnly,
            Recipient: recipient,
            Limit: Math.Clamp(threshold * 2, 10, 100));
        var count = 0;
        while (true)
        {
            var page = await events.QueryAsync(tenantId, query, cancellationToken);
            count += page.Items.Count(e => string.Equals(e.BounceType, "Transient", StringComparison.OrdinalIgnoreCase));
            if (count >= threshold)
            {
                return true;
            }

            if (page.NextCursor is null)
            {
                return false;
            }

            query = query with { Cursor = page.NextCursor };
        }
    }

    private async Task SuppressAsync(SesEvent sesEvent, IReadOnlyList<string> recipients, SuppressionReason reason, string source, CancellationToken cancellationToken)
    {
        if (recipients.Count == 0)
        {
            return;
        }

        var already = await suppressionList.FindSuppressedAsync(sesEvent.TenantId, recipients, cancellationToken);
        foreach (var recipient in recipients.Where(r => !already.Contains(r)))
        {
            await suppressionList.AddAsync(sesEvent.TenantId, recipient, reason, source, cancellationToken);
            IngesterLog.RecipientSuppressed(logger, sesEvent.TenantId, sesEvent.EventId, reason);
        }
    }

    private static bool IsBounceType(SesEvent sesEvent, string bounceType) =>
        string.Equals(sesEvent.BounceType, bounceType, StringComparison.OrdinalIgnoreCase);
}
