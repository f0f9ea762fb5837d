using System.Text.Json.Nodes;
using EmailList.Core.Events;
using EmailList.Core.Tenants;

namespace EmailList.EventIngester.Tests;

[Collection(IngesterGroup.Name)]
public sealed class IngestTests(IngesterFixture fixture)
{
    private static readonly string[] NoRecipients = [];

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
    public async Task Every_arrival_order_of_a_messages_events_with_a_redelivery_gives_the_same_summary()
    {
        var tenant = await fixture.CreateTenantAsync();
        var summaries = new List<MessageSummary>();
        var orders = 0;

        // One batch per order, each order a message of its own: all 720 orders of six events, the first sent again last.
        foreach (var order in Permutations([0, 1, 2, 3, 4, 5]))
        {
            var messageId = IngesterFixture.NewMessageId();
            var events = ThreeRecipientMessage(tenant, messageId);
            var batch = new JsonArray([.. order.Select(i => events[i].DeepClone()), events[order[0]].DeepClone()]);

            Assert.Equal((6, 1, 0), await (await fixture.PostAsync(batch)).CountsAsync());
            var summary = await fixture.Events.GetMessageAsync(tenant.Id, messageId, CancellationToken.None);
            // The retention runs from when the ingester received each event, so it is the one field that moves with the clock.
            summaries.Add(summary! with { MessageId = "m", ExpiresAt = default });
            orders++;
        }

        Assert.Equal(720, orders);
        var expected = summaries[0];
        Assert.Equal(["ann@example.com", "bob@example.com", "cy@example.com"], expected.Recipients);
        Assert.Equal((MessageStatus.Bounced, "Message sent from Amazon SES"), (expected.Status, expected.Subject));
        Assert.Equal((6, 2, 1, 1, 1), (expected.EventCount, expected.Deliveries, expected.Bounces, expected.Opens, expected.Clicks));
        Assert.All(summaries, summary =>
        {
            Assert.Equal(expected.Recipients, summary.Recipients);
            Assert.Equal(expected with { Recipients = NoRecipients }, summary with { Recipients = NoRecipients });
        });
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

    /// <summary>
    /// AWS's sample events made into one message to three recipients: SES repeats the Send's mail object (destination,
    /// headers, timestamp) in every event; the deliveries, the bounce and the engagement name their own recipients.
    /// </summary>
    private static JsonObject[] ThreeRecipientMessage(Tenant tenant, string messageId)
    {
        var mail = IngesterFixture.EventOf(tenant, "send", messageId)["detail"]!["mail"]!.AsObject();
        mail["destination"] = new JsonArray("ann@example.com", "Bob <BOB@example.com>", "cy@example.com");
        JsonObject Of(string fixture, Action<JsonObject> detail)
        {
            var sesEvent = IngesterFixture.EventOf(tenant, fixture, messageId);
            sesEvent["detail"]!["mail"] = mail.DeepClone();
            detail(sesEvent["detail"]!.AsObject());
            return sesEvent;
        }

        return
        [
            Of("send", _ => { }),
            Of("delivery", d => d["delivery"]!["recipients"] = new JsonArray("ann@example.com")),
            Of("delivery", d => d["delivery"]!["recipients"] = new JsonArray("bob@example.com")),
            Of("bounce", d => d["bounce"]!["bouncedRecipients"]![0]!["emailAddress"] = "cy@example.com"),
            Of("open", _ => { }),
            Of("click", _ => { }),
        ];
    }

    private static IEnumerable<int[]> Permutations(int[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany(first => Permutations(items.Where(i => i != first).ToArray()).Select(rest => (int[])[first, .. rest]));
}
