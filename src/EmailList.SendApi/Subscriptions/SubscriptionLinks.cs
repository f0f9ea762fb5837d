using EmailList.Core.Lists;
using EmailList.Core.Webhooks;

namespace EmailList.SendApi.Subscriptions;

/// <summary>
/// The confirm and unsubscribe links of a list's mail. A token names tenant, list and contact under our signature;
/// each is read back scoped to that tenant, so a token minted for one tenant never reaches another's data.
/// </summary>
public sealed class SubscriptionLinks(
    ListTokenSigner signer,
    IListStore lists,
    IContactStore contacts,
    IConfirmationMailer mailer,
    ListWebhookEvents listEvents,
    TimeProvider time,
    ILogger<SubscriptionLinks> logger)
{
    public const string OneClickReason = "one-click";
    public const string PageReason = "page";

    public async Task<LinkAnswer> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var (status, read) = signer.Read(token, ListTokenKind.Confirm);
        if (status == ListTokenStatus.Expired)
        {
            return new LinkAnswer(LinkOutcome.Expired);
        }

        if (status != ListTokenStatus.Valid || await lists.GetAsync(read!.TenantId, read.ListId, cancellationToken) is not { } list)
        {
            return LinkAnswer.NotValid;
        }

        var outcome = await contacts.ConfirmAsync(list.TenantId, list.Id, read.ContactId, read.Nonce!, time.GetUtcNow(), cancellationToken);
        PublicListLog.ConfirmLink(logger, list.TenantId, list.Id, read.ContactId, outcome);
        switch (outcome)
        {
            case ConfirmOutcome.Confirmed:
                await listEvents.ConfirmedAsync(list.TenantId, list.Id, read.ContactId, cancellationToken);
                // The owner of the address asked and confirmed: an earlier erasure no longer stands in the way of imports.
                if (await contacts.GetAsync(list.TenantId, read.ContactId, cancellationToken) is { } contact)
                {
                    await contacts.ClearErasureAsync(list.TenantId, contact.Email, cancellationToken);
                }

                return new LinkAnswer(LinkOutcome.Confirmed, list.Name);
            case ConfirmOutcome.AlreadyConfirmed:
                return new LinkAnswer(LinkOutcome.AlreadyConfirmed, list.Name);
            case ConfirmOutcome.Unsubscribed:
                return new LinkAnswer(LinkOutcome.UnsubscribedSince, list.Name);
            default:
                return LinkAnswer.NotValid;
        }
    }

    /// <summary>A new confirmation mail for the subscription an (expired or still valid) confirm link names, while it is still pending.</summary>
    public async Task<LinkAnswer> ResendAsync(string token, CancellationToken cancellationToken)
    {
        var (_, read) = signer.Read(token, ListTokenKind.Confirm);
        if (read is null || await FindAsync(read, cancellationToken) is not var (list, contact, subscription))
        {
            return LinkAnswer.NotValid;
        }

        switch (subscription.Status)
        {
            case SubscriptionStatus.Pending:
                var (_, queued) = await mailer.SendAsync(list, contact, subscription, cancellationToken);
                PublicListLog.Resent(logger, list.TenantId, list.Id, contact.Id, queued);
                return new LinkAnswer(LinkOutcome.ConfirmationSent, list.Name);
            case SubscriptionStatus.Subscribed:
                return new LinkAnswer(LinkOutcome.AlreadyConfirmed, list.Name);
            default:
                return new LinkAnswer(LinkOutcome.UnsubscribedSince, list.Name);
        }
    }

    /// <summary>GET of an unsubscribe link: the state to show. Never changes anything (mail scanners follow links).</summary>
    public async Task<LinkAnswer> ReadUnsubscribeAsync(string token, CancellationToken cancellationToken)
    {
        if (Unsubscribe(token) is not { } read || await FindAsync(read, cancellationToken) is not var (list, _, subscription))
        {
            return LinkAnswer.NotValid;
        }

        return new LinkAnswer(subscription.Status == SubscriptionStatus.Unsubscribed ? LinkOutcome.Unsubscribed : LinkOutcome.AskUnsubscribe, list.Name);
    }

    /// <summary>POST of an unsubscribe link (one-click or the page's button): unsubscribed at once, idempotently.</summary>
    public async Task<LinkAnswer> UnsubscribeAsync(string token, string reason, CancellationToken cancellationToken)
    {
        if (Unsubscribe(token) is not { } read || await lists.GetAsync(read.TenantId, read.ListId, cancellationToken) is not { } list)
        {
            return LinkAnswer.NotValid;
        }

        var done = await contacts.UnsubscribeAsync(list.TenantId, list.Id, read.ContactId, reason, time.GetUtcNow(), cancellationToken);
        if (done is null)
        {
            return LinkAnswer.NotValid;
        }

        PublicListLog.Unsubscribed(logger, list.TenantId, list.Id, read.ContactId, reason);
        await listEvents.UnsubscribedAsync(done, cancellationToken);
        return new LinkAnswer(LinkOutcome.Unsubscribed, list.Name);
    }

    /// <summary>
    /// "Subscribe again" after unsubscribing: Subscribed at once with a new consent record, since whoever holds the
    /// token received the list's mail at that address.
    /// </summary>
    public async Task<LinkAnswer> ResubscribeAsync(string token, ConsentRecord consent, CancellationToken cancellationToken)
    {
        if (Unsubscribe(token) is not { } read || await FindAsync(read, cancellationToken) is not var (list, _, subscription))
        {
            return LinkAnswer.NotValid;
        }

        if (subscription.Status != SubscriptionStatus.Subscribed)
        {
            var now = time.GetUtcNow();
            var resubscribed = subscription with
            {
                Status = SubscriptionStatus.Subscribed,
                Consent = consent,
                ConfirmedAt = now,
                UnsubscribedAt = null,
                UnsubscribeReason = null,
                UpdatedAt = now,
            };
            await contacts.PutSubscriptionAsync(resubscribed, cancellationToken);
            PublicListLog.Resubscribed(logger, list.TenantId, list.Id, read.ContactId);
            await listEvents.SubscribedAsync(resubscribed, cancellationToken);
        }

        return new LinkAnswer(LinkOutcome.Resubscribed, list.Name);
    }

    private ListToken? Unsubscribe(string token) => signer.Read(token, ListTokenKind.Unsubscribe) is (ListTokenStatus.Valid, { } read) ? read : null;

    private async Task<(MailingList List, Contact Contact, Subscription Subscription)?> FindAsync(ListToken token, CancellationToken cancellationToken)
    {
        if (await lists.GetAsync(token.TenantId, token.ListId, cancellationToken) is not { } list
            || await contacts.GetAsync(token.TenantId, token.ContactId, cancellationToken) is not { } contact
            || await contacts.GetSubscriptionAsync(token.TenantId, token.ListId, token.ContactId, cancellationToken) is not { } subscription)
        {
            return null;
        }

        return (list, contact, subscription);
    }
}
