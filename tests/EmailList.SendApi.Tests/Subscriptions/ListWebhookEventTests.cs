using System.Net;
using System.Text.Json;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.Subscriptions;

[Collection(ListsGroup.Name)]
public sealed class ListWebhookEventTests(ListsFixture fixture)
{
    private static CancellationToken None => CancellationToken.None;

    private IWebhookDeliveryStore Deliveries => fixture.Api.Services.GetRequiredService<IWebhookDeliveryStore>();

    [Fact]
    public async Task A_sign_up_its_confirmation_and_an_unsubscribe_are_queued_for_the_tenants_webhook_once_each_and_for_no_other_tenant()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var (otherTenant, _) = await fixture.CreateTenantAsync();
        var webhook = await AddWebhookAsync(tenant, WebhookEventTypes.ContactSubscribed, WebhookEventTypes.ContactConfirmed, WebhookEventTypes.ContactUnsubscribed);
        var otherWebhook = await AddWebhookAsync(otherTenant, [.. WebhookEventTypes.All]);
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress();
        using var client = fixture.Api.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ListsFixture.ConfirmPath(await fixture.ConfirmationMailAsync(account, email)))).StatusCode);
        var contact = await fixture.Contacts.FindByEmailAsync(tenant, email, None);
        var token = fixture.Signer.CreateUnsubscribe(tenant, list.Id, contact!.Id);
        foreach (var _ in new[] { 1, 2 })
        {
            var unsubscribe = await client.PostAsync($"/unsubscribe/{token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        }

        var log = (await Deliveries.ListAsync(tenant, new WebhookDeliveryQuery(webhook.Id), None)).Items.Reverse().ToList();
        Assert.Equal(
            [WebhookEventTypes.ContactSubscribed, WebhookEventTypes.ContactConfirmed, WebhookEventTypes.ContactUnsubscribed],
            log.Select(d => d.EventType));
        var statuses = log.Select(d => JsonDocument.Parse(d.Payload).RootElement).Select(p =>
        {
            var data = p.GetProperty("data");
            Assert.Equal(list.Id, data.GetProperty("listId").GetString());
            Assert.Equal(contact.Id, data.GetProperty("contactId").GetString());
            Assert.Equal(email, data.GetProperty("email").GetString());
            Assert.Equal("form", data.GetProperty("consentRoute").GetString());
            Assert.Equal(JsonValueKind.String, data.GetProperty("consentAt").ValueKind);
            return (p.GetProperty("type").GetString(), data.GetProperty("status").GetString());
        });
        Assert.Equal(
            [(WebhookEventTypes.ContactSubscribed, "pending"), (WebhookEventTypes.ContactConfirmed, "subscribed"), (WebhookEventTypes.ContactUnsubscribed, "unsubscribed")],
            statuses);
        Assert.All(log, d => Assert.StartsWith(ListWebhookEvents.EventIdPrefix, d.EventId, StringComparison.Ordinal));
        Assert.Empty((await Deliveries.ListAsync(otherTenant, new WebhookDeliveryQuery(otherWebhook.Id), None)).Items);
    }

    [Fact]
    public async Task A_webhook_that_wants_none_of_the_list_events_gets_none()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var webhook = await AddWebhookAsync(tenant, WebhookEventTypes.EmailDelivered);
        var list = await fixture.CreateListAsync(tenant, l => l with { DoubleOptIn = false });
        using var client = fixture.Api.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email = ListsFixture.NewAddress() })).StatusCode);

        Assert.Empty((await Deliveries.ListAsync(tenant, new WebhookDeliveryQuery(webhook.Id), None)).Items);
    }

    [Fact]
    public async Task A_single_opt_in_sign_up_is_queued_as_subscribed()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var webhook = await AddWebhookAsync(tenant, WebhookEventTypes.ContactSubscribed, WebhookEventTypes.ContactConfirmed);
        var list = await fixture.CreateListAsync(tenant, l => l with { DoubleOptIn = false });
        using var client = fixture.Api.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email = ListsFixture.NewAddress() })).StatusCode);

        var delivery = Assert.Single((await Deliveries.ListAsync(tenant, new WebhookDeliveryQuery(webhook.Id), None)).Items);
        Assert.Equal(WebhookEventTypes.ContactSubscribed, delivery.EventType);
        Assert.Equal("subscribed", JsonDocument.Parse(delivery.Payload).RootElement.GetProperty("data").GetProperty("status").GetString());
    }

    private async Task<Webhook> AddWebhookAsync(string tenantId, params string[] eventTypes)
    {
        var webhook = new Webhook
        {
            TenantId = tenantId,
            Id = RandomId.New("wh_"),
            Url = new Uri("https://hooks.example.com/lists"),
            EventTypes = eventTypes,
            Secret = WebhookSecret.New(),
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await fixture.Api.Services.GetRequiredService<IWebhookStore>().AddAsync(webhook, None);
        fixture.Api.Services.GetRequiredService<TenantWebhooks>().Invalidate(tenantId);
        return webhook;
    }
}
