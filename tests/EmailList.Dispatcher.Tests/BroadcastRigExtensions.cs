using EmailList.Core.Broadcasts;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Scheduling;
using EmailList.Core.Ses;
using MimeKit;

namespace EmailList.Dispatcher.Tests;

/// <summary>Lists, contacts and broadcasts on the rig's database, as the list API and /broadcasts would store them.</summary>
internal static class BroadcastRigExtensions
{
    public static async Task<MailingList> AddListAsync(this DispatcherRig rig, string tenantId)
    {
        var now = rig.Time.GetUtcNow();
        var list = new MailingList
        {
            TenantId = tenantId,
            Id = RandomId.New(ListIds.List),
            Name = "News",
            From = "news@example.com",
            PublicKey = RandomId.New(ListIds.PublicKey),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await rig.Lists.AddAsync(list, default);
        return list;
    }

    public static async Task<Contact> SubscribeAsync(
        this DispatcherRig rig, MailingList list, string email, string attributes = "{}", SubscriptionStatus status = SubscriptionStatus.Subscribed)
    {
        var now = rig.Time.GetUtcNow();
        var contact = await rig.Contacts.GetOrAddAsync(new Contact
        {
            TenantId = list.TenantId,
            Id = RandomId.New(ListIds.Contact),
            Email = email,
            Attributes = attributes,
            CreatedAt = now,
            UpdatedAt = now,
        }, default);
        await rig.Contacts.PutSubscriptionAsync(new Subscription
        {
            TenantId = list.TenantId,
            ListId = list.Id,
            ContactId = contact.Id,
            Email = contact.Email,
            Status = status,
            Consent = new ConsentRecord(now, ConsentRoute.Api, Statement: "test"),
            ConfirmedAt = status == SubscriptionStatus.Subscribed ? now : null,
            CreatedAt = now,
            UpdatedAt = now,
        }, default);
        return contact;
    }

    public static async Task<Broadcast> AddBroadcastAsync(this DispatcherRig rig, MailingList list, BroadcastStatus status = BroadcastStatus.Sending, string? segment = null, MessageContent? content = null)
    {
        var now = rig.Time.GetUtcNow();
        var broadcast = new Broadcast
        {
            TenantId = list.TenantId,
            Id = RandomId.New(ListIds.Broadcast),
            ListId = list.Id,
            Name = "Spring",
            From = "News <news@example.com>",
            ReplyTo = "replies@example.com",
            Content = content ?? new MessageContent { Subject = "Hello {{email}}", Text = "Hi {{email}}, leave: {{unsubscribe_url}}" },
            Segment = segment,
            Status = status,
            ScheduledAt = now,
            StartedAt = status == BroadcastStatus.Sending ? now : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await rig.Broadcasts.AddAsync(broadcast, default);
        return broadcast;
    }

    /// <summary>Queues one contact's mail as the expander would.</summary>
    public static async Task<ScheduledMail> QueueAsync(this DispatcherRig rig, Broadcast broadcast, Contact contact)
    {
        var mail = BroadcastExpander.MailFor(broadcast, contact.Id, rig.Time.GetUtcNow());
        Assert.Equal(1, await rig.Store.AddManyAsync([mail], default));
        return mail;
    }

    public static async Task SetStatusAsync(this DispatcherRig rig, Broadcast broadcast, BroadcastStatus status) =>
        Assert.True((await BroadcastTransitions.ApplyAsync(rig.Broadcasts, broadcast.TenantId, broadcast.Id, b => b with { Status = status }, default)).Changed);

    /// <summary>Claims every due mail and dispatches each, as the loop would.</summary>
    public static async Task DispatchDueAsync(this DispatcherRig rig)
    {
        foreach (var claim in await rig.ClaimAsync())
        {
            await rig.Dispatcher.DispatchAsync(claim, default);
        }
    }

    public static MimeMessage Mime(OutboundEmail email)
    {
        using var stream = new MemoryStream(email.RawMessage.ToArray());
        return MimeMessage.Load(stream);
    }
}
