using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Suppression;
using EmailList.Core.Webhooks;

namespace EmailList.SendApi.Subscriptions;

/// <summary>
/// What a sign-up does, by the address's state on the list. The caller learns nothing of that state: every path ends
/// the same way for it. A suppressed address is left as it is and gets no mail; an erased one signs up as new.
/// </summary>
public sealed class PublicSignUp(
    IContactStore contacts,
    SuppressionList suppression,
    IConfirmationMailer mailer,
    AddressLocks locks,
    ListWebhookEvents listEvents,
    TimeProvider time,
    ILogger<PublicSignUp> logger)
{
    public async Task SignUpAsync(MailingList list, SignUpForm form, ConsentRecord consent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(form);
        if ((await suppression.FindSuppressedAsync(list.TenantId, [form.Email], cancellationToken)).Count > 0)
        {
            PublicListLog.SuppressedSignUp(logger, list.TenantId, list.Id);
            return;
        }

        // One sign-up of an address at a time here; across instances the per-address limit bounds what a race can send.
        using var held = await locks.EnterAsync(list.TenantId + "\n" + form.Email, cancellationToken);
        var now = time.GetUtcNow();
        var candidate = new Contact
        {
            TenantId = list.TenantId,
            Id = RandomId.New(ListIds.Contact),
            Email = form.Email,
            // Only a new contact takes the form's attributes: anyone can post the form, so it must not change someone's existing data.
            Attributes = form.Attributes.ToJsonString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var contact = await contacts.GetOrAddAsync(candidate, cancellationToken);
        var subscription = await contacts.GetSubscriptionAsync(list.TenantId, list.Id, contact.Id, cancellationToken);

        switch (subscription?.Status)
        {
            case null:
                await StartAsync(list, contact, NewSubscription(list, contact, consent, now), changed: true, now, cancellationToken);
                break;
            case SubscriptionStatus.Pending:
                // Asked again before confirming: the mail again (no more often than the confirmation interval).
                await StartAsync(list, contact, subscription, changed: false, now, cancellationToken);
                break;
            case SubscriptionStatus.Unsubscribed:
                // They asked again: a fresh consent, confirmed like a new sign-up. CreatedAt restarts the pending clock.
                // The unsubscribe record stays until they confirm: unconfirmed, the clean-up returns them to Unsubscribed.
                await StartAsync(list, contact, subscription with
                {
                    Status = SubscriptionStatus.Pending,
                    Consent = consent,
                    ConfirmedAt = null,
                    CreatedAt = now,
                    UpdatedAt = now,
                }, changed: true, now, cancellationToken);
                break;
            default:
                break; // Subscribed: nothing to do.
        }
    }

    private async Task StartAsync(MailingList list, Contact contact, Subscription subscription, bool changed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!list.DoubleOptIn)
        {
            var subscribed = subscription with { Status = SubscriptionStatus.Subscribed, ConfirmedAt = now, UnsubscribedAt = null, UnsubscribeReason = null, UpdatedAt = now };
            await contacts.PutSubscriptionAsync(subscribed, cancellationToken);
            PublicListLog.Subscribed(logger, list.TenantId, list.Id, contact.Id);
            if (changed)
            {
                await listEvents.SubscribedAsync(subscribed, cancellationToken);
            }

            return;
        }

        // The mailer stores the subscription with its new nonce; when it sends nothing (too soon), a changed one is
        // stored here. An unchanged one is not written back, which could undo a confirmation made meanwhile.
        var (_, queued) = await mailer.SendAsync(list, contact, subscription, cancellationToken);
        if (!queued && changed)
        {
            await contacts.PutSubscriptionAsync(subscription, cancellationToken);
        }

        if (changed)
        {
            await listEvents.SubscribedAsync(subscription, cancellationToken);
        }
    }

    private static Subscription NewSubscription(MailingList list, Contact contact, ConsentRecord consent, DateTimeOffset now) => new()
    {
        TenantId = list.TenantId,
        ListId = list.Id,
        ContactId = contact.Id,
        Email = contact.Email,
        Status = SubscriptionStatus.Pending,
        Consent = consent,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
