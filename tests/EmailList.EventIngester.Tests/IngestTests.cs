using System.Text.Json.Nodes;
using EmailList.Core.Events;

namespace EmailList.EventIngester.Tests;

[Collection(IngesterGroup.Name)]
public sealed class IngestTests(IngesterFixture fixture)
{
    [Theory]
    [InlineData("send", SesEventType.Send)]
    [InlineData("delivery", SesEventType.Delivery)]
    [InlineData("bounce", SesEventType.Bounce)]
    [InlineData("complaint", SesEventType.Complaint)]
    [InlineData("reject", SesEventType.Reject)]
    [InlineData("open", SesEventType.Open)]
    [InlineData("click", SesEventType.Click)]
    [InlineData("rendering-failure", SesEventType.RenderingFailure)]
    [InlineData("delivery-delay", SesEventType.DeliveryDelay)]
    [InlineData("subscription", SesEventType.Subscription)]
    public async Task Every_SES_event_type_is_stored_for_its_tenant_with_the_raw_event(string fixtureName, SesEventType type)
    {
        var tenant = await fixture.CreateTenantAsync(retentionDays: 30);
        var sesEvent = IngesterFixture.EventOf(tenant, fixtureName);
        var body = sesEvent.ToJsonString();
        var before = DateTimeOffset.UtcNow;

        var counts = await (await fixture.PostAsync(body)).CountsAsync();

        Assert.Equal((1, 0, 0), counts);
        var stored = await fixture.Events.GetAsync(tenant.Id, (string)sesEvent["id"]!, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(tenant.Id, stored.TenantId);
        Assert.Equal(type, stored.Type);
        Assert.Equal((string)sesEvent["detail"]!["mail"]!["messageId"]!, stored.MessageId);
        Assert.Equal(["recipient@example.com"], stored.Recipients);
        Assert.Equal(body, stored.RawJson);
        Assert.InRange(stored.ReceivedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(stored.ReceivedAt.AddDays(30), stored.ExpiresAt);
    }

    [Fact]
    public async Task A_redelivered_event_is_stored_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        var delivery = IngesterFixture.EventOf(tenant, "delivery");

        var first = await (await fixture.PostAsync(delivery)).CountsAsync();
        var second = await (await fixture.PostAsync(delivery)).CountsAsync();

        Assert.Equal((1, 0, 0), first);
        Assert.Equal((0, 1, 0), second);
        await AssertMessageEventCount(tenant.Id, (string)delivery["detail"]!["mail"]!["messageId"]!, 1);
    }

    [Fact]
    public async Task Concurrent_redeliveries_of_one_event_store_it_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        var open = IngesterFixture.EventOf(tenant, "open").ToJsonString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.PostAsync(open)));
        var counts = await Task.WhenAll(responses.Select(r => r.CountsAsync()));

        Assert.Equal(1, counts.Sum(c => c.Stored));
        Assert.Equal(7, counts.Sum(c => c.Duplicates));
        await AssertMessageEventCount(tenant.Id, (string)JsonNode.Parse(open)!["detail"]!["mail"]!["messageId"]!, 1);
    }

    [Fact]
    public async Task A_delivery_that_arrives_before_its_send_gives_the_same_summary()
    {
        var tenant = await fixture.CreateTenantAsync();
        var messageId = IngesterFixture.NewMessageId();

        await (await fixture.PostAsync(IngesterFixture.EventOf(tenant, "delivery", messageId))).CountsAsync();
        await (await fixture.PostAsync(IngesterFixture.EventOf(tenant, "send", messageId))).CountsAsync();

        var summary = await fixture.Events.GetMessageAsync(tenant.Id, messageId, CancellationToken.None);
        Assert.NotNull(summary);
        Assert.Equal(MessageStatus.Delivered, summary.Status);
        Assert.Equal(2, summary.EventCount);
        Assert.Equal(1, summary.Deliveries);
        Assert.Equal("Message sent from Amazon SES", summary.Subject);
        var timeline = await fixture.Events.GetMessageEventsAsync(tenant.Id, messageId, 10, CancellationToken.None);
        Assert.Equal([SesEventType.Send, SesEventType.Delivery], timeline.Select(e => e.Type));
    }

    [Fact]
    public async Task A_batch_stores_each_event_and_counts_each_outcome()
    {
        var tenant = await fixture.CreateTenantAsync();
        var messageId = IngesterFixture.NewMessageId();
        var send = IngesterFixture.EventOf(tenant, "send", messageId);
        await (await fixture.PostAsync(send)).CountsAsync();
        var stranger = SesEventFixtures.Event("delivery", Guid.NewGuid().ToString(), fixture.NewAccountId(), "nobody", messageId);

        var counts = await (await fixture.PostAsync(new JsonArray(
            send.DeepClone(),
            IngesterFixture.EventOf(tenant, "delivery", messageId),
            IngesterFixture.EventOf(tenant, "open", messageId),
            IngesterFixture.EventOf(tenant, "click", messageId),
            stranger))).CountsAsync();

        Assert.Equal((3, 1, 1), counts);
        var summary = await fixture.Events.GetMessageAsync(tenant.Id, messageId, CancellationToken.None);
        Assert.Equal(MessageStatus.Clicked, summary!.Status);
        Assert.Equal(4, summary.EventCount);
    }

    [Fact]
    public async Task An_empty_batch_is_acknowledged()
    {
        Assert.Equal((0, 0, 0), await (await fixture.PostAsync("[]")).CountsAsync());
    }

    private async Task AssertMessageEventCount(string tenantId, string messageId, int expected)
    {
        var events = await fixture.Events.GetMessageEventsAsync(tenantId, messageId, 100, CancellationToken.None);
        Assert.Equal(expected, events.Count);
    }
}
