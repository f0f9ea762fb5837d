using System.Text.Json;
using EmailList.Core.Identifiers;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

[Collection(IngesterGroup.Name)]
public sealed class WebhookFanOutTests(IngesterFixture fixture)
{
    private static CancellationToken None => CancellationToken.None;

    private IWebhookStore Webhooks => fixture.Host.Services.GetRequiredService<IWebhookStore>();

    private IWebhookDeliveryStore Deliveries => fixture.Host.Services.GetRequiredService<IWebhookDeliveryStore>();

    [Fact]
    public async Task An_event_is_queued_for_each_webhook_of_its_tenant_that_wants_its_type_with_the_events_shape_as_data()
    {
        var tenant = await fixture.CreateTenantAsync();
        var delivered = await AddWebhookAsync(tenant, WebhookEventTypes.EmailDelivered, WebhookEventTypes.EmailBounced);
        var everything = await AddWebhookAsync(tenant, [.. WebhookEventTypes.All]);
        var bouncesOnly = await AddWebhookAsync(tenant, WebhookEventTypes.EmailBounced);
        var disabled = await AddWebhookAsync(tenant, [WebhookEventTypes.EmailDelivered], enabled: false);
        var sesEvent = IngesterFixture.EventOf(tenant, "delivery");
        var eventId = (string)sesEvent["id"]!;

        Assert.Equal((1, 0, 0), await (await fixture.PostAsync(sesEvent)).CountsAsync());

        foreach (var webhook in new[] { delivered, everything })
        {
            var delivery = Assert.Single((await Deliveries.ListAsync(tenant.Id, new WebhookDeliveryQuery(webhook.Id), None)).Items);
            Assert.Equal(RandomId.Derive("msg_", webhook.Id, eventId), delivery.Id);
            Assert.Equal(WebhookEventTypes.EmailDelivered, delivery.EventType);
            Assert.Equal(eventId, delivery.EventId);
            Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
            Assert.Equal(0, delivery.Attempts);
            Assert.True(delivery.NextAttemptAt <= DateTimeOffset.UtcNow);

            var payload = JsonDocument.Parse(delivery.Payload).RootElement;
            Assert.Equal("email.delivered", payload.GetProperty("type").GetString());
            var stored = await fixture.Events.GetAsync(tenant.Id, eventId, None);
            Assert.Equal(stored!.OccurredAt, payload.GetProperty("timestamp").GetDateTimeOffset());
            var data = payload.GetProperty("data");
            Assert.Equal(eventId, data.GetProperty("id").GetString());
            Assert.Equal("Delivery", data.GetProperty("type").GetString());
            Assert.Equal(stored.MessageId, data.GetProperty("messageId").GetString());
            Assert.Equal(["recipient@example.com"], data.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(tenant.Id, data.GetProperty("tags").GetProperty("el_tenant")[0].GetString());
            Assert.False(data.TryGetProperty("raw", out _));
        }

        Assert.Empty((await Deliveries.ListAsync(tenant.Id, new WebhookDeliveryQuery(bouncesOnly.Id), None)).Items);
        Assert.Empty((await Deliveries.ListAsync(tenant.Id, new WebhookDeliveryQuery(disabled.Id), None)).Items);
    }

    [Fact]
    public async Task A_redelivered_event_is_queued_once_per_webhook()
    {
        var tenant = await fixture.CreateTenantAsync();
        var webhook = await AddWebhookAsync(tenant, WebhookEventTypes.EmailOpened);
        var open = IngesterFixture.EventOf(tenant, "open");

        await (await fixture.PostAsync(open)).CountsAsync();
        Assert.Equal((0, 1, 0), await (await fixture.PostAsync(open)).CountsAsync());

        Assert.Single((await Deliveries.ListAsync(tenant.Id, new WebhookDeliveryQuery(webhook.Id), None)).Items);
    }

    [Fact]
    public async Task A_tenants_event_never_reaches_another_tenants_webhook_and_a_tenant_without_webhooks_queues_nothing()
    {
        var withHook = await fixture.CreateTenantAsync();
        var other = await fixture.CreateTenantAsync(withHook.AwsAccountId);
        var otherHook = await AddWebhookAsync(other, [.. WebhookEventTypes.All]);
        var noHooks = await fixture.CreateTenantAsync();
        var mine = await AddWebhookAsync(withHook, [.. WebhookEventTypes.All]);

        await (await fixture.PostAsync(IngesterFixture.EventOf(withHook, "bounce"))).CountsAsync();
        await (await fixture.PostAsync(IngesterFixture.EventOf(noHooks, "bounce"))).CountsAsync();

        Assert.Single((await Deliveries.ListAsync(withHook.Id, new WebhookDeliveryQuery(mine.Id), None)).Items);
        Assert.Empty((await Deliveries.ListAsync(other.Id, new WebhookDeliveryQuery(otherHook.Id), None)).Items);
        Assert.Equal(0L, await CountDeliveriesAsync(noHooks.Id));
        Assert.Equal(0L, await CountDeliveriesAsync(other.Id));
    }

    [Fact]
    public async Task A_complaint_that_unsubscribes_a_contact_queues_contact_unsubscribed_once_beside_email_complained()
    {
        var tenant = await fixture.CreateTenantAsync();
        var webhook = await AddWebhookAsync(tenant, WebhookEventTypes.EmailComplained, WebhookEventTypes.ContactUnsubscribed);
        var (list, contact) = await ListSubscriptions.SubscribedAsync(fixture.Host.Services, tenant, "angry-hook@example.org");
        var complaint = IngesterFixture.EventOf(tenant, "complaint").WithRecipient("angry-hook@example.org").WithListTags(list.Id, contact.Id);

        await (await fixture.PostAsync(complaint)).CountsAsync();
        await (await fixture.PostAsync(complaint)).CountsAsync();

        var log = (await Deliveries.ListAsync(tenant.Id, new WebhookDeliveryQuery(webhook.Id), None)).Items;
        Assert.Equal([WebhookEventTypes.ContactUnsubscribed, WebhookEventTypes.EmailComplained], log.Select(d => d.EventType).Order(StringComparer.Ordinal));
        var data = JsonDocument.Parse(log.Single(d => d.EventType == WebhookEventTypes.ContactUnsubscribed).Payload).RootElement.GetProperty("data");
        Assert.Equal((list.Id, contact.Id, "unsubscribed", "complaint"),
            (data.GetProperty("listId").GetString(), data.GetProperty("contactId").GetString(), data.GetProperty("status").GetString(), data.GetProperty("unsubscribeReason").GetString()));
    }

    private Task<Webhook> AddWebhookAsync(Tenant tenant, params string[] eventTypes) => AddWebhookAsync(tenant, eventTypes, enabled: true);

    private async Task<Webhook> AddWebhookAsync(Tenant tenant, string[] eventTypes, bool enabled)
    {
        var webhook = new Webhook
        {
            TenantId = tenant.Id,
            Id = RandomId.New("wh_"),
            Url = new Uri("https://hooks.example.com/in"),
            EventTypes = eventTypes,
            Enabled = enabled,
            Secret = WebhookSecret.New(),
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await Webhooks.AddAsync(webhook, None);
        // Written straight to the store: tell this process's cache, as the webhooks API would.
        fixture.Host.Services.GetRequiredService<TenantWebhooks>().Invalidate(tenant.Id);
        return webhook;
    }

    private async Task<long> CountDeliveriesAsync(string tenantId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.Folder, "emaillist.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM webhook_deliveries WHERE tenant_id = $tenantId;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
