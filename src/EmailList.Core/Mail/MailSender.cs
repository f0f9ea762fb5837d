using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using MimeKit;

namespace EmailList.Core.Mail;

/// <summary>The send path: drop suppressed recipients, assume the tenant's role, compose MIME, send through the tenant's SES.</summary>
public sealed class MailSender(
    SuppressionList suppressionList,
    TenantCredentialBroker credentialBroker,
    ISesClient ses,
    TimeProvider time)
{
    public async Task<SendOutcome> SendAsync(Tenant tenant, MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(message);

        // Each recipient normalized once, in to/cc/bcc order; the lookup gets each address once.
        var recipients = new string[message.To.Count + message.Cc.Count + message.Bcc.Count];
        var n = 0;
        foreach (var list in (ReadOnlySpan<IReadOnlyList<MailboxAddress>>)[message.To, message.Cc, message.Bcc])
        {
            for (var i = 0; i < list.Count; i++)
            {
                recipients[n++] = EmailAddressNormalizer.Normalize(list[i].Address);
            }
        }

        var normalized = DistinctInOrder(recipients);
        var suppressed = await suppressionList.FindSuppressedAsync(tenant.Id, normalized, cancellationToken);
        IReadOnlyList<MailboxAddress> to = message.To, cc = message.Cc, bcc = message.Bcc;
        string[] suppressedList = [];
        if (suppressed.Count > 0)
        {
            to = Unsuppressed(message.To, recipients, 0, suppressed);
            cc = Unsuppressed(message.Cc, recipients, message.To.Count, suppressed);
            bcc = Unsuppressed(message.Bcc, recipients, message.To.Count + message.Cc.Count, suppressed);
            suppressedList = Array.FindAll(normalized, suppressed.Contains);
        }

        if (to.Count + cc.Count + bcc.Count == 0)
        {
            return new SendOutcome(null, suppressedList);
        }

        var raw = MimeComposer.Compose(message, to, cc, time.GetUtcNow());
        var email = new OutboundEmail(
            AsciiAddress.Of(message.From),
            new SesDestination(Addresses(to), Addresses(cc), Addresses(bcc)),
            raw,
            Tags(tenant, message),
            tenant.ConfigurationSetName);

        var messageId = await SendWithFreshCredentialsOnRejectionAsync(tenant, email, cancellationToken);
        return new SendOutcome(messageId, suppressedList);
    }

    // Cached credentials can be refused before their expiry (role's session revoked, clock skew):
    // then they are dropped and the send is tried once more with new ones.
    private async Task<string> SendWithFreshCredentialsOnRejectionAsync(Tenant tenant, OutboundEmail email, CancellationToken cancellationToken)
    {
        var credentials = await credentialBroker.GetCredentialsAsync(tenant, cancellationToken);
        try
        {
            return await ses.SendEmailAsync(new SesSession(credentials, tenant.Region!), email, cancellationToken);
        }
        catch (SesException e) when (e.Kind == SesErrorKind.InvalidCredentials)
        {
            await credentialBroker.InvalidateAsync(tenant.Id, cancellationToken);
            credentials = await credentialBroker.GetCredentialsAsync(tenant, cancellationToken);
            return await ses.SendEmailAsync(new SesSession(credentials, tenant.Region!), email, cancellationToken);
        }
    }

    private static string[] DistinctInOrder(string[] values)
    {
        if (values.Length < 2)
        {
            return values;
        }

        var seen = new HashSet<string>(values.Length, StringComparer.Ordinal);
        var kept = new List<string>(values.Length);
        foreach (var value in values)
        {
            if (seen.Add(value))
            {
                kept.Add(value);
            }
        }

        return kept.Count == values.Length ? values : [.. kept];
    }

    /// <param name="normalized">Every recipient's normalized address; this list's start at <paramref name="offset"/>.</param>
    private static MailboxAddress[] Unsuppressed(IReadOnlyList<MailboxAddress> mailboxes, string[] normalized, int offset, IReadOnlySet<string> suppressed)
    {
        var kept = new List<MailboxAddress>(mailboxes.Count);
        for (var i = 0; i < mailboxes.Count; i++)
        {
            if (!suppressed.Contains(normalized[offset + i]))
            {
                kept.Add(mailboxes[i]);
            }
        }

        return [.. kept];
    }

    private static string[] Addresses(IReadOnlyList<MailboxAddress> mailboxes)
    {
        if (mailboxes.Count == 0)
        {
            return [];
        }

        var addresses = new string[mailboxes.Count];
        for (var i = 0; i < addresses.Length; i++)
        {
            addresses[i] = AsciiAddress.Of(mailboxes[i]);
        }

        return addresses;
    }

    private static List<KeyValuePair<string, string>> Tags(Tenant tenant, MailMessage message)
    {
        var tags = new List<KeyValuePair<string, string>>(message.Tags.Count + 2) { new(MessageTags.Tenant, tenant.Id) };
        if (tenant.ConfigurationSetName is not null)
        {
            tags.Add(new(MessageTags.ConfigurationSet, tenant.ConfigurationSetName));
        }

        tags.AddRange(message.Tags);
        return tags;
    }
}
