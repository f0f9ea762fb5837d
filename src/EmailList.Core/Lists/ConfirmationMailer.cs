using EmailList.Core.Identifiers;
using EmailList.Core.Mail;
using EmailList.Core.Scheduling;
using EmailList.Core.Templates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EmailList.Core.Lists;

/// <summary>
/// Queues a pending subscription's confirmation mail as scheduled mail due now, so the dispatcher sends it paced to the
/// tenant's SES rate and retried when throttled, then stores the subscription with the new nonce. The list's own
/// Confirmation content is used when it renders; otherwise (none, or a template that no longer renders) the built-in one.
/// </summary>
public sealed class ConfirmationMailer(
    IContactStore contacts,
    IScheduledMailStore scheduledMail,
    ListTokenSigner signer,
    ListMailRenderer renderer,
    IOptions<ListOptions> options,
    TimeProvider time,
    ILogger<ConfirmationMailer> logger) : IConfirmationMailer
{
    public async Task<(Subscription Subscription, bool Queued)> SendAsync(
        MailingList list, Contact contact, Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(subscription);
        var settings = options.Value;
        var now = time.GetUtcNow();
        if (subscription.ConfirmationSentAt is { } last && now - last < settings.ConfirmationInterval)
        {
            ConfirmationMailerLog.TooSoon(logger, list.TenantId, list.Id, contact.Id, last);
            return (subscription, false);
        }

        var nonce = RandomId.New(string.Empty);
        var token = signer.CreateConfirm(list.TenantId, list.Id, contact.Id, nonce, now + settings.ConfirmationTtl);
        var confirmUrl = ListLinks.Confirm(settings, token).AbsoluteUri;
        var content = await RenderAsync(list, contact, confirmUrl, cancellationToken);

        var message = new MailMessage
        {
            From = MailboxAddress.Parse(list.From),
            To = [MailboxAddress.Parse(contact.Email)],
            ReplyTo = list.ReplyTo is { Length: > 0 } replyTo ? [MailboxAddress.Parse(replyTo)] : [],
            Subject = content.Subject,
            Html = content.Html,
            Text = content.Text,
            Tags = [new(MessageTags.List, list.Id), new(MessageTags.Contact, contact.Id)],
        };
        var mail = new ScheduledMail
        {
            TenantId = list.TenantId,
            Id = ScheduledMailId.New(),
            ScheduledAt = now,
            Content = StoredMailMessage.Serialize(message),
            Recipients = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await scheduledMail.AddAsync(mail, cancellationToken);

        var updated = subscription with { ConfirmationNonce = nonce, ConfirmationSentAt = now, UpdatedAt = now };
        await contacts.PutSubscriptionAsync(updated, cancellationToken);
        ConfirmationMailerLog.Queued(logger, list.TenantId, list.Id, contact.Id, mail.Id);
        return (updated, true);
    }

    private async Task<RenderedTemplate> RenderAsync(MailingList list, Contact contact, string confirmUrl, CancellationToken cancellationToken)
    {
        if (list.Confirmation is { } own)
        {
            var data = ListMailRenderer.Data(contact, ("confirm_url", confirmUrl), ("list_name", list.Name));
            try
            {
                var rendered = await renderer.RenderAsync(list.TenantId, own, list.Id + ":confirm", list.UpdatedAt, data, cancellationToken);
                if (!string.IsNullOrWhiteSpace(rendered.Subject) && (rendered.Html is not null || rendered.Text is not null))
                {
                    return rendered;
                }

                ConfirmationMailerLog.OwnContentUnusable(logger, list.TenantId, list.Id, "it rendered without a subject or a body");
            }
            catch (Exception e) when (e is TemplateRenderException or KeyNotFoundException)
            {
                // A sign-up must not fail because the tenant broke its template: the person still gets a working link.
                ConfirmationMailerLog.OwnContentUnusable(logger, list.TenantId, list.Id, e.Message);
            }
        }

        return DefaultConfirmationMail.Render(list.Name, contact.Email, confirmUrl, options.Value.ConfirmationTtl);
    }
}
