using EmailList.Core.Lists;
using EmailList.Core.Webhooks;

namespace EmailList.SendApi.Contacts;

/// <summary>What putting a contact on a list did.</summary>
/// <param name="Subscription">The subscription as stored afterwards.</param>
/// <param name="KeptUnsubscribed">The contact had unsubscribed and the caller may not subscribe it again (an import); nothing changed.</param>
public sealed record EnrollmentOutcome(Subscription Subscription, bool ConfirmationQueued, bool KeptUnsubscribed);

/// <summary>
/// Puts a contact on a list, the one rule for the API and imports: Subscribed needs a consent statement (the caller
/// checks); otherwise Pending, and a list with double opt-in sends the confirmation mail (not to a suppressed address).
/// A subscribed contact is never set back to Pending; one who unsubscribed is subscribed again only when the caller
/// says so (an explicit API call), never by an import.
/// </summary>
public sealed class ContactEnrollment(IContactStore contacts, IConfirmationMailer mailer, ListWebhookEvents listEvents, TimeProvider time)
{
    public async Task<EnrollmentOutcome> EnrollAsync(
        MailingList list, Contact contact, SubscriptionStatus wanted, ConsentRecord consent, bool mayResubscribe, bool suppressed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(contact);
        var existing = await contacts.GetSubscriptionAsync(contact.TenantId, list.Id, contact.Id, cancellationToken);
        if (existing is { Status: SubscriptionStatus.Subscribed })
        {
            return new EnrollmentOutcome(existing, false, false);
        }

        if (existing is { Status: SubscriptionStatus.Unsubscribed } && !mayResubscribe)
        {
            return new EnrollmentOutcome(existing, false, true);
        }

        var now = time.GetUtcNow();
        Subscription subscription;
        if (wanted == SubscriptionStatus.Pending && existing is { Status: SubscriptionStatus.Pending })
        {
            // Keep its nonce: the confirmation mail already sent still works.
            subscription = existing;
        }
        else
        {
            subscription = new Subscription
            {
                TenantId = contact.TenantId,
                ListId = list.Id,
                ContactId = contact.Id,
                Email = contact.Email,
                Status = wanted,
                Consent = consent,
                ConfirmedAt = null,
                // Pending again after an unsubscribe: the record stays until confirmed, so an unconfirmed one returns to it.
                UnsubscribedAt = wanted == SubscriptionStatus.Pending ? existing?.UnsubscribedAt : null,
                UnsubscribeReason = wanted == SubscriptionStatus.Pending ? existing?.UnsubscribeReason : null,
                // Pending restarts the clock the stale clean-up reads, as a public sign-up after an unsubscribe does.
                CreatedAt = existing is null || wanted == SubscriptionStatus.Pending ? now : existing.CreatedAt,
                UpdatedAt = now,
            };
            await contacts.PutSubscriptionAsync(subscription, cancellationToken);
            await listEvents.SubscribedAsync(subscription, cancellationToken);
        }

        if (subscription.Status == SubscriptionStatus.Pending && list.DoubleOptIn && !suppressed)
        {
            var (sent, queued) = await mailer.SendAsync(list, contact, subscription, cancellationToken);
            return new EnrollmentOutcome(sent, queued, false);
        }

        return new EnrollmentOutcome(subscription, false, false);
    }
}
