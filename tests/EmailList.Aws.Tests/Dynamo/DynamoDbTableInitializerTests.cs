using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Aws.Dynamo;
using EmailList.Core.Suppression;
using EmailList.Testing.Dynamo;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbTableInitializerTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task Every_table_is_created_on_demand_with_their_keys_and_indexes_and_are_active()
    {
        var (tables, initializer) = Create("created");

        await initializer.EnsureTablesAsync(CancellationToken.None);

        var tenants = await DescribeAsync(tables.Tenants);
        Assert.Equal(TableStatus.ACTIVE, tenants.TableStatus);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, tenants.BillingModeSummary?.BillingMode);
        Assert.Equal(["pk:HASH"], Keys(tenants.KeySchema));
        var byAccount = Assert.Single(tenants.GlobalSecondaryIndexes);
        Assert.Equal(DynamoDbTables.ByAccountIndex, byAccount.IndexName);
        Assert.Equal(["awsAccountId:HASH", "id:RANGE"], Keys(byAccount.KeySchema));
        Assert.Equal(IndexStatus.ACTIVE, byAccount.IndexStatus);

        var suppression = await DescribeAsync(tables.Suppression);
        Assert.Equal(TableStatus.ACTIVE, suppression.TableStatus);
        Assert.Equal(["pk:HASH", "sk:RANGE"], Keys(suppression.KeySchema));
        var byReason = Assert.Single(suppression.GlobalSecondaryIndexes);
        Assert.Equal(DynamoDbTables.ByReasonIndex, byReason.IndexName);
        Assert.Equal(["tenantReason:HASH", "sk:RANGE"], Keys(byReason.KeySchema));

        var events = await DescribeAsync(tables.Events);
        Assert.Equal(TableStatus.ACTIVE, events.TableStatus);
        Assert.Equal(["pk:HASH", "sk:RANGE"], Keys(events.KeySchema));
        Assert.Equal(
            ["by-message: msgKey:HASH sk:RANGE", "by-recipient: rcptKey:HASH at:RANGE"],
            events.GlobalSecondaryIndexes.Select(index => $"{index.IndexName}: {string.Join(' ', Keys(index.KeySchema))}").Order());
        var messages = await DescribeAsync(tables.Messages);
        Assert.Equal(["pk:HASH", "sk:RANGE"], Keys(messages.KeySchema));
    }

    [Fact]
    public async Task Ensuring_again_and_concurrently_is_harmless_and_keeps_the_data()
    {
        var (tables, initializer) = Create("again");
        await initializer.EnsureTablesAsync(CancellationToken.None);
        var store = new DynamoDbSuppressionStore(dynalite.Client, tables, TimeProvider.System);
        await store.PutAsync(new SuppressionEntry("t1", "kept@example.com", SuppressionReason.Manual, "test", DateTimeOffset.UnixEpoch), CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Create("again").Initializer.EnsureTablesAsync(CancellationToken.None)));

        Assert.NotNull(await store.GetAsync("t1", "kept@example.com", CancellationToken.None));
    }

    [Fact]
    public async Task Tables_that_do_not_exist_make_the_stores_fail_loudly()
    {
        var (tables, _) = Create("missing");
        var store = new DynamoDbSuppressionStore(dynalite.Client, tables, TimeProvider.System);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.GetAsync("t1", "a@example.com", CancellationToken.None));
    }

    private (DynamoDbTables Tables, DynamoDbTableInitializer Initializer) Create(string owner)
    {
        var options = Options.Create(TestTables.Options(dynalite, owner));
        var tables = new DynamoDbTables(options);
        return (tables, new DynamoDbTableInitializer(dynalite.Client, tables, options, TimeProvider.System, NullLogger<DynamoDbTableInitializer>.Instance));
    }

    private async Task<TableDescription> DescribeAsync(string table) =>
        (await dynalite.Client.DescribeTableAsync(new DescribeTableRequest { TableName = table })).Table;

    private static string[] Keys(IEnumerable<KeySchemaElement> schema) => schema.Select(key => $"{key.AttributeName}:{key.KeyType}").ToArray();
}
