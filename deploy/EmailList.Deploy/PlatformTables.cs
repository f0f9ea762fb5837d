using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Constructs;
using EmailList.Aws.Dynamo;
using Microsoft.Extensions.Options;
using Sdk = Amazon.DynamoDBv2;

namespace EmailList.Deploy;

/// <summary>
/// The DynamoDB tables built from <see cref="DynamoDbTables.Definitions"/>, the very requests the stores create
/// locally, so names, keys and indexes cannot drift from the code: on-demand, point-in-time recovery, KMS
/// encryption, TTL on <see cref="DynamoDbTables.TimeToLiveAttribute"/> for the expiring tables.
/// </summary>
public sealed class PlatformTables : Construct
{
    public PlatformTables(Construct scope, string id, string tablePrefix)
        : base(scope, id)
    {
        var names = new DynamoDbTables(Options.Create(new DynamoDbOptions { TablePrefix = tablePrefix }));
        var tables = new Dictionary<string, (Table Table, bool HasIndexes)>(StringComparer.Ordinal);
        foreach (var definition in names.Definitions())
        {
            tables[definition.TableName] = (Create(definition, names.ExpiringTables.Contains(definition.TableName)), definition.GlobalSecondaryIndexes is { Count: > 0 });
        }

        // The calls each store makes on its table (EmailList.Aws/Dynamo/DynamoDb*Store.cs); the event store writes
        // events and messages alike.
        TableAccess Access(string name, string[] reads, string[] writes) => new(tables[name].Table, reads, writes, tables[name].HasIndexes);
        Tenants = Access(names.Tenants, ["GetItem", "Query"], ["PutItem", "UpdateItem"]);
        Suppression = Access(names.Suppression, ["GetItem", "Query", "BatchGetItem"], ["PutItem", "DeleteItem"]);
        Events = Access(names.Events, ["GetItem", "Query", "BatchGetItem"], ["PutItem", "UpdateItem", "BatchWriteItem"]);
        Messages = Access(names.Messages, ["GetItem", "Query", "BatchGetItem"], ["PutItem", "UpdateItem", "BatchWriteItem"]);
        Templates = Access(names.Templates, ["GetItem", "Query"], ["PutItem", "DeleteItem"]);
        ScheduledMail = Access(names.ScheduledMail, ["GetItem", "Query"], ["PutItem", "UpdateItem", "DeleteItem"]);
        Lists = Access(names.Lists, ["GetItem", "Query"], ["PutItem", "UpdateItem", "DeleteItem"]);
        Contacts = Access(names.Contacts, ["GetItem", "Query"], ["PutItem", "UpdateItem", "DeleteItem"]);
        Broadcasts = Access(names.Broadcasts, ["GetItem", "Query"], ["PutItem", "UpdateItem", "DeleteItem"]);
        Imports = Access(names.Imports, ["GetItem", "Query"], ["PutItem", "UpdateItem", "BatchWriteItem"]);
        Webhooks = Access(names.Webhooks, ["GetItem", "Query"], ["PutItem", "UpdateItem", "DeleteItem"]);
        WebhookDeliveries = Access(names.WebhookDeliveries, ["GetItem", "Query"], ["PutItem", "UpdateItem", "DeleteItem"]);
        All = [Tenants, Suppression, Events, Messages, Templates, ScheduledMail, Lists, Contacts, Broadcasts, Imports, Webhooks, WebhookDeliveries];
    }

    public TableAccess Tenants { get; }

    public TableAccess Suppression { get; }

    public TableAccess Events { get; }

    public TableAccess Messages { get; }

    public TableAccess Templates { get; }

    public TableAccess ScheduledMail { get; }

    public TableAccess Lists { get; }

    public TableAccess Contacts { get; }

    public TableAccess Broadcasts { get; }

    public TableAccess Imports { get; }

    public IReadOnlyList<TableAccess> All { get; }

    public TableAccess Webhooks { get; }

    /// <summary>The webhook outbox and delivery log (TTL-expiring).</summary>
    public TableAccess WebhookDeliveries { get; }

    private Table Create(Sdk.Model.CreateTableRequest definition, bool expiring)
    {
        var types = definition.AttributeDefinitions.ToDictionary(a => a.AttributeName, a => a.AttributeType, StringComparer.Ordinal);
        Amazon.CDK.AWS.DynamoDB.Attribute Key(Sdk.Model.KeySchemaElement element) => new()
        {
            Name = element.AttributeName,
            Type = ToCdk(types[element.AttributeName]),
        };
        Amazon.CDK.AWS.DynamoDB.Attribute? SortKey(List<Sdk.Model.KeySchemaElement> schema) =>
            schema.FirstOrDefault(k => k.KeyType == Sdk.KeyType.RANGE) is { } range ? Key(range) : null;

        var table = new Table(this, definition.TableName, new TableProps
        {
            TableName = definition.TableName,
            PartitionKey = Key(definition.KeySchema.Single(k => k.KeyType == Sdk.KeyType.HASH)),
            SortKey = SortKey(definition.KeySchema),
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            Encryption = TableEncryption.AWS_MANAGED,
            TimeToLiveAttribute = expiring ? DynamoDbTables.TimeToLiveAttribute : null,
            DeletionProtection = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        foreach (var index in definition.GlobalSecondaryIndexes ?? [])
        {
            table.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
            {
                IndexName = index.IndexName,
                PartitionKey = Key(index.KeySchema.Single(k => k.KeyType == Sdk.KeyType.HASH)),
                SortKey = SortKey(index.KeySchema),
                ProjectionType = ToCdk(index.Projection),
                NonKeyAttributes = index.Projection.ProjectionType == Sdk.ProjectionType.INCLUDE ? [.. index.Projection.NonKeyAttributes] : null,
            });
        }

        return table;
    }

    private static ProjectionType ToCdk(Sdk.Model.Projection projection) =>
        projection.ProjectionType == Sdk.ProjectionType.ALL ? ProjectionType.ALL
        : projection.ProjectionType == Sdk.ProjectionType.KEYS_ONLY ? ProjectionType.KEYS_ONLY
        : projection.ProjectionType == Sdk.ProjectionType.INCLUDE ? ProjectionType.INCLUDE
        : throw new NotSupportedException($"Projection {projection.ProjectionType}: only ALL, KEYS_ONLY and INCLUDE are mapped.");

    private static AttributeType ToCdk(Sdk.ScalarAttributeType type) =>
        type == Sdk.ScalarAttributeType.S ? AttributeType.STRING
        : type == Sdk.ScalarAttributeType.N ? AttributeType.NUMBER
        : type == Sdk.ScalarAttributeType.B ? AttributeType.BINARY
        : throw new NotSupportedException($"Attribute type {type}.");
}
