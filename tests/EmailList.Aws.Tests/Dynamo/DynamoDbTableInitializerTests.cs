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

        var lists = await DescribeAsync(tables.Lists);
        Assert.Equal(["pk:HASH", "sk:RANGE"], Keys(lists.KeySchema));
        Assert.Equal(["by-public-key: publicKey:HASH"], lists.GlobalSecondaryIndexes.Select(index => $"{index.IndexName}: {string.Join(' ', Keys(index.KeySchema))}"));
        var contacts = await DescribeAsync(tables.Contacts);
        Assert.Equal(["pk:HASH", "sk:RANGE"], Keys(contacts.KeySchema));
        Assert.Equal(
            ["by-list: listKey:HASH listSort:RANGE", "by-pending: pendingShard:HASH pendingAt:RANGE"],
            contacts.GlobalSecondaryIndexes.Select(index => $"{index.IndexName}: {string.Join(' ', Keys(index.KeySchema))}").Order());
        var imports = await DescribeAsync(tables.Imports);
        Assert.Equal(["pk:HASH", "sk:RANGE"], Keys(imports.KeySchema));
        Assert.Equal(["by-ready: readyShard:HASH readyAt:RANGE"], imports.GlobalSecondaryIndexes.Select(index => $"{index.IndexName}: {string.Join(' ', Keys(index.KeySchema))}"));
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

    [Fact]
    public async Task TTL_on_expiresAt_is_enabled_on_every_expiring_table_where_the_server_has_TTL_and_only_once()
    {
        var settings = TestTables.Options(dynalite, "ttl");
        settings.RequireTimeToLive = true;
        var options = Options.Create(settings);
        var tables = new DynamoDbTables(options);
        using var dynamo = new TimeToLiveDynamo(dynalite);
        var initializer = new DynamoDbTableInitializer(dynamo, tables, options, TimeProvider.System, NullLogger<DynamoDbTableInitializer>.Instance);

        await initializer.EnsureTablesAsync(CancellationToken.None);
        await initializer.EnsureTablesAsync(CancellationToken.None);

        Assert.Equal(
            [$"{tables.Events}: expiresAt enabled", $"{tables.Messages}: expiresAt enabled", $"{tables.WebhookDeliveries}: expiresAt enabled"],
            dynamo.Updates);
    }

    [Fact]
    public async Task Where_TTL_is_required_a_server_without_it_fails_start_up_naming_the_table_and_the_setting()
    {
        var settings = TestTables.Options(dynalite, "ttl-required");
        settings.RequireTimeToLive = true;
        var options = Options.Create(settings);
        var tables = new DynamoDbTables(options);
        var initializer = new DynamoDbTableInitializer(dynalite.Client, tables, options, TimeProvider.System, NullLogger<DynamoDbTableInitializer>.Instance);

        // dynalite answers UpdateTimeToLive with UnknownOperationException.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => initializer.EnsureTablesAsync(CancellationToken.None));

        Assert.Contains(tables.Events, failure.Message, StringComparison.Ordinal);
        Assert.Contains("DynamoDb:RequireTimeToLive", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_TTL_is_not_required_a_server_without_it_is_accepted()
    {
        var (tables, initializer) = Create("ttl-optional");
        Assert.False(TestTables.Options(dynalite, "ttl-optional").RequireTimeToLive);

        await initializer.EnsureTablesAsync(CancellationToken.None);

        Assert.Equal(TableStatus.ACTIVE, (await DescribeAsync(tables.Events)).TableStatus);
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
