using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EmailList.Aws.Dynamo;
using EmailList.Core.Webhooks;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbWebhookDeliveryStoreTests(DynaliteFixture dynalite) : WebhookDeliveryStoreContract
{
    private DynamoDbTables? _tables;

    protected override bool PurgeDeletes => false;

    // Claims serve every tenant, so each test gets tables of its own.
    protected override async Task<IWebhookDeliveryStore> CreateEmptyStoreAsync()
    {
        _tables = await TestTables.ForAsync(dynalite, "hooks-" + Guid.NewGuid().ToString("N")[..8]);
        return new DynamoDbWebhookDeliveryStore(dynalite.Client, _tables, TimeProvider.System);
    }

    /// <summary>What DynamoDB's TTL does (dynalite has none): deletes the deliveries whose expiresAt, in epoch seconds, is before now.</summary>
    protected override async Task ExpireAsTheDatabaseWouldAsync(IReadOnlyList<WebhookDelivery> deliveries, DateTimeOffset now)
    {
        foreach (var delivery in deliveries)
        {
            var key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "DLV#" + delivery.TenantId + "#" + delivery.Id } };
            var item = (await dynalite.Client.GetItemAsync(new GetItemRequest { TableName = _tables!.WebhookDeliveries, Key = key, ConsistentRead = true })).Item;
            Assert.True(item.TryGetValue(DynamoDbTables.TimeToLiveAttribute, out var expiresAt) && expiresAt.N is not null, $"delivery {delivery.Id} has no TTL attribute");
            if (long.Parse(expiresAt.N, CultureInfo.InvariantCulture) < now.ToUnixTimeSeconds())
            {
                await dynalite.Client.DeleteItemAsync(_tables.WebhookDeliveries, key);
            }
        }
    }
}
