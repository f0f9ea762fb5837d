using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using EmailList.Aws.Dynamo;
using EmailList.Core.Suppression;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class UnprocessedKeysTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task Keys_DynamoDB_leaves_unprocessed_are_asked_again_until_every_address_is_answered()
    {
        var tables = await TestTables.ForAsync(dynalite, "unprocessed");
        using var client = new ThrottlingClient(dynalite);
        var store = new DynamoDbSuppressionStore(client, tables, TimeProvider.System);
        var tenant = "t-" + Guid.NewGuid().ToString("N");
        var addresses = Enumerable.Range(0, 230).Select(i => $"u{i:000}@example.com").ToArray();
        var suppressed = addresses.Where((_, i) => i % 2 == 0).ToHashSet();
        foreach (var email in suppressed)
        {
            await store.PutAsync(new SuppressionEntry(tenant, email, SuppressionReason.Bounce, "test", DateTimeOffset.UnixEpoch), CancellationToken.None);
        }

        var found = await store.FindSuppressedAsync(tenant, addresses, CancellationToken.None);

        Assert.Equal(suppressed, found.ToHashSet());
        Assert.All(client.BatchSizes, size => Assert.InRange(size, 1, 100));
        Assert.True(client.BatchSizes.Count > 3, $"Expected retries beyond the 3 chunks, saw {client.BatchSizes.Count} calls.");
    }

    /// <summary>Answers only half of each batch, the rest coming back as UnprocessedKeys, as DynamoDB does under throttling.</summary>
    private sealed class ThrottlingClient(DynaliteFixture dynalite) : AmazonDynamoDBClient(
        new BasicAWSCredentials(DynaliteFixture.AccessKeyId, DynaliteFixture.SecretAccessKey),
        new AmazonDynamoDBConfig { ServiceURL = dynalite.ServiceUrl.AbsoluteUri, AuthenticationRegion = DynaliteFixture.Region })
    {
        public List<int> BatchSizes { get; } = [];

        public override async Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken = default)
        {
            var (table, keys) = request.RequestItems.Single();
            lock (BatchSizes)
            {
                BatchSizes.Add(keys.Keys.Count);
            }

            var answered = keys.Keys.Take((keys.Keys.Count + 1) / 2).ToList();
            var left = keys.Keys.Skip(answered.Count).ToList();
            var response = await base.BatchGetItemAsync(new BatchGetItemRequest
            {
                RequestItems = new()
                {
                    [table] = new KeysAndAttributes
                    {
                        Keys = answered,
                        ConsistentRead = keys.ConsistentRead,
                        ProjectionExpression = keys.ProjectionExpression,
                        ExpressionAttributeNames = keys.ExpressionAttributeNames,
                    },
                },
            }, cancellationToken);
            if (left.Count > 0)
            {
                response.UnprocessedKeys = new() { [table] = new KeysAndAttributes { Keys = left } };
            }

            return response;
        }
    }
}
