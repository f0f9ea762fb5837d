using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

/// <summary>Lists, contacts and subscriptions written straight into an ingester's stores, as the list API would leave them.</summary>
public static class ListSubscriptions
{
    public static async Task<(MailingList List, Contact Contact)> SubscribedAsync(IServiceProvider services, Tenant tenant, string email)
    {
        var list = await AddListAsync(services, tenant);
        var now = DateTimeOffset.UtcNow;
        var contact = await services.GetRequiredService<IContactStore>().GetOrAddAsync(new Contact
        {
            TenantId = tenant.Id,
            Id = RandomId.New(ListIds.Contact),
            Email = email,
            CreatedAt = now,
            UpdatedAt = now,
        }, CancellationToken.None);
        await SubscribeAsync(services, tenant, list, contact);
        return (list, contact);
    }

    public static async Task<MailingList> AddListAsync(IServiceProvider services, Tenant tenant)
    {
        var now = DateTimeOffset.UtcNow;
        var list = new MailingList
        {
            TenantId = tenant.Id,
            Id = RandomId.New(ListIds.List),
            Name = "News",
            From = "news@example.com",
            PublicKey = RandomId.New(ListIds.PublicKey),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await services.GetRequiredService<IListStore>().AddAsync(list, CancellationToken.None);
        return list;
    }

    public static async Task SubscribeAsync(IServiceProvider services, Tenant tenant, MailingList list, Contact contact)
    {
        var now = DateTimeOffset.UtcNow;
        await services.GetRequiredService<IContactStore>().PutSubscriptionAsync(new Subscription
        {
            TenantId = tenant.Id,
            ListId = list.Id,
            ContactId = contact.Id,
            Email = contact.Email,
            Status = SubscriptionStatus.Subscribed,
            Consent = new ConsentRecord(now, ConsentRoute.Api),
            ConfirmedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        }, CancellationToken.None);
    }
}
