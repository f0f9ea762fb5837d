using System.Text.Json.Nodes;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

/// <summary>
/// AWS's sample Complaint and Subscription records, tagged as our list mail is (el_list, el_contact), posted over HTTP:
/// the contact leaves that list, within the event's tenant only.
/// </summary>
[Collection(IngesterGroup.Name)]
public sealed class ListUnsubscribeTests(IngesterFixture fixture)
{
    private IContactStore Contacts => fixture.Host.Services.GetRequiredService<IContactStore>();

    private IListStore Lists => fixture.Host.Services.GetRequiredService<IListStore>();

    [Fact]
    public async Task A_complaint_about_list_mail_unsubscribes_the_contact_from_that_list_only()
    {
        var tenant = await fixture.CreateTenantAsync();
        var (list, contact) = await SubscribedAsync(tenant, "angry@example.org");
        var otherList = await AddListAsync(tenant);
        await SubscribeAsync(tenant, otherList, contact);
        var complaint = IngesterFixture.EventOf(tenant, "complaint").WithRecipient("angry@example.org").WithListTags(list.Id, contact.Id);

        Assert.Equal((1, 0, 0), await (await fixture.PostAsync(complaint)).CountsAsync());

        var subscription = await Contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None);
        Assert.Equal(SubscriptionStatus.Unsubscribed, subscription?.Status);
        Assert.Equal("complaint", subscription?.UnsubscribeReason);
        Assert.NotNull(subscription?.UnsubscribedAt);
        Assert.Equal(SubscriptionStatus.Subscribed, (await Contacts.GetSubscriptionAsync(tenant.Id, otherList.Id, contact.Id, CancellationToken.None))?.Status);
        // The event itself is stored as any other.
        Assert.NotNull(await fixture.Events.GetAsync(tenant.Id, (string)complaint["id"]!, CancellationToken.None));
    }

    [Fact]
    public async Task An_SES_subscription_event_unsubscribing_from_all_topics_unsubscribes_the_contact()
    {
        var tenant = await fixture.CreateTenantAsync();
        var (list, contact) = await SubscribedAsync(tenant, "leaving@example.org");
        // AWS's sample Subscription record: newTopicPreferences.unsubscribeAll is true.
        var subscriptionEvent = IngesterFixture.EventOf(tenant, "subscription").WithRecipient("leaving@example.org").WithListTags(list.Id, contact.Id);

        await (await fixture.PostAsync(subscriptionEvent)).CountsAsync();

        var subscription = await Contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None);
        Assert.Equal(SubscriptionStatus.Unsubscribed, subscription?.Status);
        Assert.Equal("ses-subscription", subscription?.UnsubscribeReason);
    }

    [Fact]
    public async Task An_SES_subscription_event_opting_out_of_a_topic_unsubscribes_the_contact()
    {
        var tenant = await fixture.CreateTenantAsync();
        var (list, contact) = await SubscribedAsync(tenant, "topic@example.org");
        var subscriptionEvent = IngesterFixture.EventOf(tenant, "subscription").WithRecipient("topic@example.org").WithListTags(list.Id, contact.Id);
        subscriptionEvent["detail"]!["subscription"]!["newTopicPreferences"]!["unsubscribeAll"] = false;

        await (await fixture.PostAsync(subscriptionEvent)).CountsAsync();

        Assert.Equal(SubscriptionStatus.Unsubscribed, (await Contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task An_SES_subscription_event_opting_back_in_leaves_the_contact_subscribed()
    {
        var tenant = await fixture.CreateTenantAsync();
        var (list, contact) = await SubscribedAsync(tenant, "back@example.org");
        var subscriptionEvent = IngesterFixture.EventOf(tenant, "subscription").WithRecipient("back@example.org").WithListTags(list.Id, contact.Id);
        var subscription = subscriptionEvent["detail"]!["subscription"]!;
        (subscription["newTopicPreferences"], subscription["oldTopicPreferences"]) =
            (subscription["oldTopicPreferences"]!.DeepClone(), subscription["newTopicPreferences"]!.DeepClone());

        await (await fixture.PostAsync(subscriptionEvent)).CountsAsync();

        Assert.Equal(SubscriptionStatus.Subscribed, (await Contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task Another_tenants_event_carrying_the_same_list_and_contact_tags_changes_nothing()
    {
        var victim = await fixture.CreateTenantAsync();
        var (list, contact) = await SubscribedAsync(victim, "kept@example.org");
        var forger = await fixture.CreateTenantAsync();

        var complaint = IngesterFixture.EventOf(forger, "complaint").WithRecipient("kept@example.org").WithListTags(list.Id, contact.Id);
        var subscriptionEvent = IngesterFixture.EventOf(forger, "subscription").WithRecipient("kept@example.org").WithListTags(list.Id, contact.Id);

        Assert.Equal((1, 0, 0), await (await fixture.PostAsync(complaint)).CountsAsync());
        Assert.Equal((1, 0, 0), await (await fixture.PostAsync(subscriptionEvent)).CountsAsync());
        var subscription = await Contacts.GetSubscriptionAsync(victim.Id, list.Id, contact.Id, CancellationToken.None);
        Assert.Equal(SubscriptionStatus.Subscribed, subscription?.Status);
        Assert.Null(subscription?.UnsubscribedAt);
    }

    [Fact]
    public async Task A_replayed_complaint_is_acknowledged_and_leaves_the_first_unsubscribe_as_it_was()
    {
        var tenant = await fixture.CreateTenantAsync();
        var (list, contact) = await SubscribedAsync(tenant, "twice@example.org");
        var complaint = IngesterFixture.EventOf(tenant, "complaint").WithRecipient("twice@example.org").WithListTags(list.Id, contact.Id);
        await (await fixture.PostAsync(complaint)).CountsAsync();
        var first = await Contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None);
        // A later SES subscription event of the same mail finds it already unsubscribed, too.
        var later = IngesterFixture.EventOf(tenant, "subscription").WithRecipient("twice@example.org").WithListTags(list.Id, contact.Id);

        Assert.Equal((0, 1, 0), await (await fixture.PostAsync(complaint)).CountsAsync());
        Assert.Equal((1, 0, 0), await (await fixture.PostAsync(later)).CountsAsync());

        var after = await Contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None);
        Assert.Equal(SubscriptionStatus.Unsubscribed, after?.Status);
        Assert.Equal(first?.UnsubscribedAt, after?.UnsubscribedAt);
        Assert.Equal("complaint", after?.UnsubscribeReason);
    }

    [Fact]
    public async Task A_complaint_naming_an_unknown_contact_or_list_or_malformed_ids_is_acknowledged_and_stored()
    {
        var tenant = await fixture.CreateTenantAsync();
        var (list, contact) = await SubscribedAsync(tenant, "someone@example.org");
        var events = new JsonArray(
            IngesterFixture.EventOf(tenant, "complaint").WithListTags(list.Id, RandomId.New(ListIds.Contact)),
            IngesterFixture.EventOf(tenant, "complaint").WithListTags(RandomId.New(ListIds.List), contact.Id),
            IngesterFixture.EventOf(tenant, "complaint").WithListTags("lst_not-an-id", "ct_nope"),
            IngesterFixture.EventOf(tenant, "subscription").WithListTags(RandomId.New(ListIds.List), RandomId.New(ListIds.Contact)));

        Assert.Equal((4, 0, 0), await (await fixture.PostAsync(events)).CountsAsync());
        Assert.Equal(SubscriptionStatus.Subscribed, (await Contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task Bounces_deliveries_and_opens_of_list_mail_leave_the_contact_subscribed()
    {
        var tenant = await fixture.CreateTenantAsync();
        var (list, contact) = await SubscribedAsync(tenant, "reader@example.org");
        var events = new JsonArray(
            IngesterFixture.EventOf(tenant, "bounce").WithRecipient("reader@example.org").WithListTags(list.Id, contact.Id),
            IngesterFixture.EventOf(tenant, "delivery").WithRecipient("reader@example.org").WithListTags(list.Id, contact.Id),
            IngesterFixture.EventOf(tenant, "open").WithRecipient("reader@example.org").WithListTags(list.Id, contact.Id));

        await (await fixture.PostAsync(events)).CountsAsync();

        Assert.Equal(SubscriptionStatus.Subscribed, (await Contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None))?.Status);
    }

    private Task<(MailingList List, Contact Contact)> SubscribedAsync(Tenant tenant, string email) =>
        ListSubscriptions.SubscribedAsync(fixture.Host.Services, tenant, email);

    private Task<MailingList> AddListAsync(Tenant tenant) => ListSubscriptions.AddListAsync(fixture.Host.Services, tenant);

    private Task SubscribeAsync(Tenant tenant, MailingList list, Contact contact) =>
        ListSubscriptions.SubscribeAsync(fixture.Host.Services, tenant, list, contact);
}
