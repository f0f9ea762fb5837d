using Amazon.DynamoDBv2.Model;
using EmailList.Aws.Dynamo;
using EmailList.Core.Events;
using EmailList.Core.Webhooks;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbEventStoreTests(DynaliteFixture dynalite) : EventStoreContract
{
    protected override bool PurgeDeletes => false;

    protected override async Task<IEventStore> CreateStoreAsync() =>
        new DynamoDbEventStore(dynalite.Client, await TestTables.ForAsync(dynalite, "events"), TimeProvider.System);

    protected override async Task<IWebhookDeliveryStore> CreateDeliveryStoreAsync() =>
        new DynamoDbWebhookDeliveryStore(dynalite.Client, await TestTables.ForAsync(dynalite, "events"), TimeProvider.System);

    /// <summary>What DynamoDB's TTL does (dynalite has none): deletes the items whose expiresAt, in epoch seconds, is before now.</summary>
    protected override async Task ExpireAsTheDatabaseWouldAsync(string tenantId, DateTimeOffset now)
    {
        var tables = await TestTables.ForAsync(dynalite, "events");
        foreach (var table in new[] { tables.Events, tables.Messages })
        {
            var items = (await dynalite.Client.QueryAsync(new QueryRequest
            {
                TableName = table,
                KeyConditionExpression = "pk = :tenant",
                ExpressionAttributeValues = new() { [":tenant"] = new AttributeValue { S = tenantId } },
            })).Items;
            Assert.NotEmpty(items);
            foreach (var item in items)
            {
                Assert.True(item.TryGetValue(DynamoDbTables.TimeToLiveAttribute, out var expiresAt) && expiresAt.N is not null, $"{table} item {item["sk"].S} has no TTL attribute");
                if (long.Parse(expiresAt.N, System.Globalization.CultureInfo.InvariantCulture) < now.ToUnixTimeSeconds())
                {
                    await dynalite.Client.DeleteItemAsync(table, new() { ["pk"] = item["pk"], ["sk"] = item["sk"] });
                }
            }
        }
    }

    [Fact]
    public async Task Every_item_of_an_event_and_its_summary_carries_the_TTL_attribute_in_epoch_seconds()
    {
        var tables = await TestTables.ForAsync(dynalite, "events");
        var store = new DynamoDbEventStore(dynalite.Client, tables, TimeProvider.System);
        var sesEvent = NewEvent(NewTenantId(), SesEventType.Send, T0, "m-ttl", ["a@example.com", "b@example.com"]);

        await store.TryAddAsync(sesEvent, CancellationToken.None);

        var items = (await dynalite.Client.QueryAsync(new QueryRequest
        {
            TableName = tables.Events,
            KeyConditionExpression = "pk = :tenant",
            ExpressionAttributeValues = new() { [":tenant"] = new AttributeValue { S = sesEvent.TenantId } },
        })).Items;
        var summary = (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Messages,
            Key = new() { ["pk"] = new AttributeValue { S = sesEvent.TenantId }, ["sk"] = new AttributeValue { S = "m-ttl" } },
        })).Item;
        Assert.Equal(4, items.Count);
        Assert.All(items.Append(summary), item => Assert.Equal(sesEvent.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item["expiresAt"].N));
    }

    [Fact]
    public async Task A_redelivery_after_a_crash_mid_way_completes_the_event_once()
    {
        var tables = await TestTables.ForAsync(dynalite, "events");
        var store = new DynamoDbEventStore(dynalite.Client, tables, TimeProvider.System);
        var sesEvent = NewEvent(NewTenantId(), SesEventType.Delivery, T0, "m-crash", ["a@example.com"]);
        // A first attempt that died right after claiming the id: only the pending claim exists.
        await dynalite.Client.PutItemAsync(new PutItemRequest
        {
            TableName = tables.Events,
            Item = new()
            {
                ["pk"] = new AttributeValue { S = sesEvent.TenantId },
                ["sk"] = new AttributeValue { S = "EVT#" + sesEvent.EventId },
                ["eventSk"] = new AttributeValue { S = DynamoDbTimeText(sesEvent.OccurredAt) + "#" + sesEvent.EventId },
                ["state"] = new AttributeValue { S = "pending" },
            },
        });

        Assert.False(await store.TryAddAsync(sesEvent, CancellationToken.None));
        Assert.False(await store.TryAddAsync(sesEvent, CancellationToken.None));

        Assert.NotNull(await store.GetAsync(sesEvent.TenantId, sesEvent.EventId, CancellationToken.None));
        var summary = await store.GetMessageAsync(sesEvent.TenantId, "m-crash", CancellationToken.None);
        Assert.Equal((1, 1), (summary!.EventCount, summary.Deliveries));
    }

    [Fact]
    public async Task A_redelivery_after_a_crash_before_the_outbox_write_writes_the_deliveries_and_makes_them_claimable()
    {
        // Tables of its own: a claim serves every tenant.
        var tables = await TestTables.ForAsync(dynalite, "events-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new DynamoDbEventStore(dynalite.Client, tables, TimeProvider.System);
        var deliveries = new DynamoDbWebhookDeliveryStore(dynalite.Client, tables, TimeProvider.System);
        var sesEvent = NewEvent(NewTenantId(), SesEventType.Bounce, T0, "m-crash-hook", ["a@example.com"]);
        var delivery = NewDelivery(sesEvent, "wh_crash");
        await dynalite.Client.PutItemAsync(new PutItemRequest
        {
            TableName = tables.Events,
            Item = new()
            {
                ["pk"] = new AttributeValue { S = sesEvent.TenantId },
                ["sk"] = new AttributeValue { S = "EVT#" + sesEvent.EventId },
                ["eventSk"] = new AttributeValue { S = DynamoDbTimeText(sesEvent.OccurredAt) + "#" + sesEvent.EventId },
                ["state"] = new AttributeValue { S = "pending" },
            },
        });

        await store.TryAddAsync(sesEvent, [delivery], CancellationToken.None);
        await store.TryAddAsync(sesEvent, [delivery], CancellationToken.None);

        Assert.NotNull(await store.GetAsync(sesEvent.TenantId, sesEvent.EventId, CancellationToken.None));
        var claim = Assert.Single(await deliveries.ClaimDueAsync(delivery.NextAttemptAt, 10, 10, "dispatcher", TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(delivery, claim.Delivery);
    }

    private static string DynamoDbTimeText(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
