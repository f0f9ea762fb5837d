using EmailList.Core.Events;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Mail;
using EmailList.Core.Webhooks;

namespace EmailList.EventIngester.Events;

/// <summary>
/// Unsubscribes a contact from the list a mail was sent for when SES reports that the recipient complained about it or
/// turned it away through SES's subscription management: the mail's el_list and el_contact tags name the subscription,
/// and the call is scoped to the tenant the event was attributed to, so a tag naming another tenant's list finds nothing.
/// Safe to repeat: an Unsubscribed subscription stays as it was. A missing list, contact or subscription is logged, never
/// an error (the contact may have been erased or the list deleted since). The tenant's webhooks that want
/// contact.unsubscribed get it right after the change is stored.
/// </summary>
public sealed class ListUnsubscriber(
    IContactStore contacts, ListWebhookEvents listEvents, IngesterMetrics metrics, TimeProvider time, ILogger<ListUnsubscriber> logger)
{
    /// <summary>The reasons written on the subscription (<see cref="Subscription.UnsubscribeReason"/>).</summary>
    public const string ComplaintReason = "complaint";

    public const string SesSubscriptionReason = "ses-subscription";

    /// <param name="optsOut">The event is a Subscription that unsubscribes from every topic or opts out of one.</param>
    public async Task ApplyAsync(SesEvent sesEvent, bool optsOut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sesEvent);
        var reason = sesEvent.Type switch
        {
            SesEventType.Complaint => ComplaintReason,
            SesEventType.Subscription when optsOut => SesSubscriptionReason,
            _ => null,
        };
        if (reason is null)
        {
            return;
        }

        var listId = TagValue(sesEvent, MessageTags.List);
        var contactId = TagValue(sesEvent, MessageTags.Contact);
        if (listId is null && contactId is null)
        {
            // Not list mail.
            return;
        }

        if (!RandomId.IsWellFormed(ListIds.List, listId) || !RandomId.IsWellFormed(ListIds.Contact, contactId))
        {
            IngesterLog.ListTagsMalformed(logger, sesEvent.TenantId, sesEvent.EventId);
            metrics.ListUnsubscribe(reason, "malformed_tags");
            return;
        }

        var subscription = await contacts.UnsubscribeAsync(sesEvent.TenantId, listId!, contactId!, reason, time.GetUtcNow(), cancellationToken);
        if (subscription is null)
        {
            IngesterLog.NoSubscriptionToEnd(logger, sesEvent.TenantId, sesEvent.EventId, listId!, contactId!);
            metrics.ListUnsubscribe(reason, "no_subscription");
        }
        else
        {
            IngesterLog.ContactUnsubscribed(logger, sesEvent.TenantId, sesEvent.EventId, listId!, contactId!, subscription.UnsubscribeReason ?? reason);
            metrics.ListUnsubscribe(reason, "unsubscribed");
            // Also when it was unsubscribed already (a redelivery): the event's id is the same, so it is written once.
            await listEvents.UnsubscribedAsync(subscription, cancellationToken);
        }
    }

    private static string? TagValue(SesEvent sesEvent, string name) =>
        sesEvent.Tags.TryGetValue(name, out var values) ? values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) : null;
}
