using System.Collections.Concurrent;
using System.Globalization;
using EmailList.Core.Lists;
using EmailList.Core.Mail;
using EmailList.Core.Scheduling;
using EmailList.Core.Sending;
using EmailList.Core.Templates;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EmailList.Core.Broadcasts;

/// <summary>
/// Composes a broadcast's mail when the dispatcher sends it: the broadcast (cached for
/// <see cref="BroadcastOptions.CacheDuration"/>), the contact and its subscription read now, so someone who
/// unsubscribed after the broadcast was queued is skipped; rendered with the contact's attributes and
/// <c>unsubscribe_url</c>; with RFC 8058 one-click List-Unsubscribe headers and the list tags events are attributed by.
/// </summary>
public sealed class BroadcastMailComposer(
    IBroadcastStore broadcasts,
    IContactStore contacts,
    ListMailRenderer renderer,
    ListTokenSigner tokens,
    SesSendRates rates,
    IOptions<ListOptions> listOptions,
    IOptions<BroadcastOptions> options,
    TimeProvider time) : IBroadcastMailComposer
{
    public const string UnsubscribedReason = "The contact unsubscribed since the broadcast was queued.";
    public const string CancelledReason = "The broadcast was cancelled.";

    private readonly ConcurrentDictionary<(string, string), (Broadcast? Broadcast, DateTimeOffset Until)> _cache = new();
    private readonly ListUnsubscribeHeaders _unsubscribe = new(tokens, listOptions);

    public async Task<BroadcastComposition> ComposeAsync(Tenant tenant, ScheduledMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(mail);
        var now = time.GetUtcNow();
        var broadcast = await BroadcastAsync(mail.TenantId, mail.BroadcastId!, now, cancellationToken);
        if (Hold(broadcast, now) is { } hold)
        {
            return hold;
        }

        if (mail.ContactId is not { } contactId || await contacts.GetAsync(mail.TenantId, contactId, cancellationToken) is not { } contact)
        {
            return BroadcastComposition.Skip("The contact no longer exists (deleted or erased).");
        }

        var subscription = await contacts.GetSubscriptionAsync(mail.TenantId, broadcast!.ListId, contact.Id, cancellationToken);
        if (subscription?.Status != SubscriptionStatus.Subscribed)
        {
            return BroadcastComposition.Skip(UnsubscribedReason);
        }

        if (!await rates.HasDailyRoomAsync(tenant, 1, cancellationToken))
        {
            return BroadcastComposition.Defer(now + options.Value.QuotaRetry, "24-hour SES quota");
        }

        var unsubscribeUrl = _unsubscribe.UnsubscribeUrl(mail.TenantId, broadcast.ListId, contact.Id).AbsoluteUri;
        RenderedTemplate rendered;
        try
        {
            rendered = await renderer.RenderAsync(mail.TenantId, broadcast.Content, broadcast.Id, broadcast.UpdatedAt,
                ListMailRenderer.Data(contact, ("unsubscribe_url", unsubscribeUrl)), cancellationToken);
        }
        catch (TemplateRenderException e)
        {
            return BroadcastComposition.Fail($"The broadcast could not be rendered for this contact: {e.Message}");
        }
        catch (KeyNotFoundException e)
        {
            return BroadcastComposition.Fail($"The broadcast's template is gone: {e.Message}");
        }

        return BroadcastComposition.Send(Message(broadcast, contact, rendered, _unsubscribe.For(mail.TenantId, broadcast.ListId, contact.Id)));
    }

    /// <summary>The public one-click unsubscribe link for a token (<see cref="ListTokenSigner.CreateUnsubscribe"/>).</summary>
    public static string UnsubscribeUrl(Uri publicBaseUrl, string token)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return publicBaseUrl.AbsoluteUri.TrimEnd('/') + "/unsubscribe/" + token;
    }

    /// <summary>The mail to one contact; also what a test send and a preview show.</summary>
    /// <param name="unsubscribeHeaders">List-Unsubscribe and List-Unsubscribe-Post (<see cref="ListUnsubscribeHeaders"/>).</param>
    public static MailMessage Message(Broadcast broadcast, Contact contact, RenderedTemplate rendered, IReadOnlyList<KeyValuePair<string, string>> unsubscribeHeaders)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(rendered);
        List<KeyValuePair<string, string>> tags =
        [
            new(MessageTags.Broadcast, broadcast.Id),
            new(MessageTags.List, broadcast.ListId),
            new(MessageTags.Contact, contact.Id),
        ];
        if (broadcast.Content.TemplateName is { } template)
        {
            tags.Add(new(MessageTags.Template, template));
            if (broadcast.Content.TemplateVersion is { } version)
            {
                tags.Add(new(MessageTags.TemplateVersion, version.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return new MailMessage
        {
            From = MailboxAddress.Parse(broadcast.From),
            To = [MailboxAddress.Parse(contact.Email)],
            ReplyTo = broadcast.ReplyTo is { } replyTo ? [MailboxAddress.Parse(replyTo)] : [],
            Subject = rendered.Subject,
            Html = rendered.Html,
            Text = rendered.Text,
            Headers = unsubscribeHeaders,
            Tags = tags,
        };
    }

    /// <summary>The one-click headers around a link that is not a contact's (a preview's, a test send's): they unsubscribe nobody.</summary>
    public static KeyValuePair<string, string>[] ListUnsubscribe(string url) =>
    [
        new(ListUnsubscribeHeaders.ListUnsubscribe, "<" + url + ">"),
        new(ListUnsubscribeHeaders.ListUnsubscribePost, ListUnsubscribeHeaders.OneClickBody),
    ];

    public async Task<BroadcastComposition?> RecheckAsync(ScheduledMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var now = time.GetUtcNow();
        return Hold(await BroadcastAsync(mail.TenantId, mail.BroadcastId!, now, cancellationToken), now);
    }

    /// <summary>Null while the broadcast's mail may go; else why not now, or not at all.</summary>
    private BroadcastComposition? Hold(Broadcast? broadcast, DateTimeOffset now) => broadcast?.Status switch
    {
        null => BroadcastComposition.Skip("The broadcast no longer exists."),
        BroadcastStatus.Cancelled => BroadcastComposition.Skip(CancelledReason),
        BroadcastStatus.Paused => BroadcastComposition.Defer(now + options.Value.PausedRetry, "broadcast paused"),
        BroadcastStatus.Sending or BroadcastStatus.Sent => null,
        _ => BroadcastComposition.Defer(now + options.Value.PausedRetry, "broadcast not started"),
    };

    private async Task<Broadcast?> BroadcastAsync(string tenantId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((tenantId, id), out var cached) && cached.Until > now)
        {
            return cached.Broadcast;
        }

        var broadcast = await broadcasts.GetAsync(tenantId, id, cancellationToken);
        _cache[(tenantId, id)] = (broadcast, now + options.Value.CacheDuration);
        if (_cache.Count > 10_000)
        {
            foreach (var stale in _cache.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList())
            {
                _cache.TryRemove(stale, out _);
            }
        }

        return broadcast;
    }
}
