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

        var normalized = message.AllRecipients.Select(r => EmailAddressNormalizer.Normalize(r.Address)).Distinct().ToArray();
        var suppressed = await suppressionList.FindSuppressedAsync(tenant.Id, normalized, cancellationToken);
        bool Keep(MailboxAddress m) => !suppressed.Contains(EmailAddressNormalizer.Normalize(m.Address));

        var to = message.To.Where(Keep).ToArray();
        var cc = message.Cc.Where(Keep).ToArray();
        var bcc = message.Bcc.Where(Keep).ToArray();
        var suppressedList = normalized.Where(suppressed.Contains).ToArray();
        if (to.Length + cc.Length + bcc.Length == 0)
        {
            return new SendOutcome(null, suppressedList);
        }

        var raw = MimeComposer.Compose(message, to, cc, time.GetUtcNow());
        var email = new OutboundEmail(
            message.From.Address,
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

    private static string[] Addresses(IEnumerable<MailboxAddress> mailboxes) => mailboxes.Select(m => m.Address).ToArray();

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
