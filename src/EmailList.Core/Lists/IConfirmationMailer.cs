namespace EmailList.Core.Lists;

/// <summary>
/// Sends a pending subscription its confirmation mail (through the dispatcher, so it is paced to the tenant's SES rate
/// and retried when throttled) with a new single-use token, unless one went to the address less than
/// <see cref="ListOptions.ConfirmationInterval"/> ago.
/// </summary>
public interface IConfirmationMailer
{
    /// <summary>The subscription as stored afterwards (its nonce and ConfirmationSentAt set when a mail was queued); whether a mail was queued.</summary>
    Task<(Subscription Subscription, bool Queued)> SendAsync(MailingList list, Contact contact, Subscription subscription, CancellationToken cancellationToken);
}
