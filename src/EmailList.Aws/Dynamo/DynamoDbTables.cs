using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Dynamo;

/// <summary>The tables' names (prefix + fixed suffix), key attributes and indexes; docs/data-model.md describes them.</summary>
public sealed class DynamoDbTables(IOptions<DynamoDbOptions> options)
{
    public const string TenantsSuffix = "tenants";
    public const string SuppressionSuffix = "suppression";
    public const string ByAccountIndex = "by-account";
    public const string ByReasonIndex = "by-reason";
    public const string EventsSuffix = "events";
    public const string MessagesSuffix = "messages";
    public const string ByMessageIndex = "by-message";
    public const string ByRecipientIndex = "by-recipient";
    public const string TemplatesSuffix = "templates";
    public const string ScheduledMailSuffix = "scheduled-mail";
    public const string ByReadyIndex = "by-ready";
    public const string ByNextReadyIndex = "by-next-ready";
    public const string ByBroadcastIndex = "by-broadcast";
    public const string BroadcastsSuffix = "broadcasts";
    public const string ByActiveIndex = "by-active";
    public const string ListsSuffix = "lists";
    public const string ContactsSuffix = "contacts";
    public const string ByPublicKeyIndex = "by-public-key";
    public const string ByListIndex = "by-list";
    public const string ByPendingIndex = "by-pending";
    public const string ImportsSuffix = "imports";
    public const string WebhooksSuffix = "webhooks";
    public const string WebhookDeliveriesSuffix = "webhook-deliveries";
    public const string ByWebhookIndex = "by-webhook";

    /// <summary>The TTL attribute (epoch seconds) of the events, messages and webhook-deliveries tables.</summary>
    public const string TimeToLiveAttribute = DynamoDbEventItems.ExpiresAt;

    public string Tenants { get; } = options.Value.TablePrefix + TenantsSuffix;

    public string Suppression { get; } = options.Value.TablePrefix + SuppressionSuffix;

    public string Events { get; } = options.Value.TablePrefix + EventsSuffix;

    public string Messages { get; } = options.Value.TablePrefix + MessagesSuffix;

    public string Templates { get; } = options.Value.TablePrefix + TemplatesSuffix;
    public string ScheduledMail { get; } = options.Value.TablePrefix + ScheduledMailSuffix;
    public string Broadcasts { get; } = options.Value.TablePrefix + BroadcastsSuffix;

    public string Lists { get; } = options.Value.TablePrefix + ListsSuffix;

    public string Contacts { get; } = options.Value.TablePrefix + ContactsSuffix;

    public string Imports { get; } = options.Value.TablePrefix + ImportsSuffix;

    public string Webhooks { get; } = options.Value.TablePrefix + WebhooksSuffix;

    public string WebhookDeliveries { get; } = options.Value.TablePrefix + WebhookDeliveriesSuffix;

    /// <summary>The tables whose items expire through DynamoDB TTL on <see cref="TimeToLiveAttribute"/>.</summary>
    public IReadOnlyList<string> ExpiringTables => [Events, Messages, WebhookDeliveries];

    /// <summary>The CreateTable requests for every table, on-demand billing.</summary>
    public IReadOnlyList<CreateTableRequest> Definitions() =>
    [
        new CreateTableRequest
        {
            TableName = Tenants,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbTenantStore.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbTenantStore.AwsAccountId, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbTenantStore.Id, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(DynamoDbTenantStore.Pk, KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByAccountIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbTenantStore.AwsAccountId, KeyType.HASH),
                        new KeySchemaElement(DynamoDbTenantStore.Id, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        },
        new CreateTableRequest
        {
            TableName = Suppression,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbSuppressionStore.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbSuppressionStore.Sk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbSuppressionStore.TenantReason, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(DynamoDbSuppressionStore.Pk, KeyType.HASH),
                new KeySchemaElement(DynamoDbSuppressionStore.Sk, KeyType.RANGE),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByReasonIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbSuppressionStore.TenantReason, KeyType.HASH),
                        new KeySchemaElement(DynamoDbSuppressionStore.Sk, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        },
        new CreateTableRequest
        {
            TableName = Events,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbEventItems.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbEventItems.Sk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbEventItems.MessageKey, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbEventItems.RecipientKey, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbEventItems.At, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(DynamoDbEventItems.Pk, KeyType.HASH),
                new KeySchemaElement(DynamoDbEventItems.Sk, KeyType.RANGE),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByMessageIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbEventItems.MessageKey, KeyType.HASH),
                        new KeySchemaElement(DynamoDbEventItems.Sk, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
                new GlobalSecondaryIndex
                {
                    IndexName = ByRecipientIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbEventItems.RecipientKey, KeyType.HASH),
                        new KeySchemaElement(DynamoDbEventItems.At, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        },
        new CreateTableRequest
        {
            TableName = Messages,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbEventItems.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbEventItems.Sk, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(DynamoDbEventItems.Pk, KeyType.HASH),
                new KeySchemaElement(DynamoDbEventItems.Sk, KeyType.RANGE),
            ],
        },
        new CreateTableRequest
        {
            TableName = Templates,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbTemplateStore.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbTemplateStore.Sk, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(DynamoDbTemplateStore.Pk, KeyType.HASH),
                new KeySchemaElement(DynamoDbTemplateStore.Sk, KeyType.RANGE),
            ],
        },
        new CreateTableRequest
        {
            TableName = ScheduledMail,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbScheduledMailStore.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbScheduledMailStore.ReadyShard, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbScheduledMailStore.ReadyAt, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbScheduledMailStore.WorkShard, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbScheduledMailStore.NextReadyAt, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbScheduledMailStore.BroadcastKey, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(DynamoDbScheduledMailStore.Pk, KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByReadyIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbScheduledMailStore.ReadyShard, KeyType.HASH),
                        new KeySchemaElement(DynamoDbScheduledMailStore.ReadyAt, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
                new GlobalSecondaryIndex
                {
                    IndexName = ByNextReadyIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbScheduledMailStore.WorkShard, KeyType.HASH),
                        new KeySchemaElement(DynamoDbScheduledMailStore.NextReadyAt, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
                new GlobalSecondaryIndex
                {
                    // Only a broadcast's mail has broadcastKey; counting them by status reads the index alone.
                    IndexName = ByBroadcastIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbScheduledMailStore.BroadcastKey, KeyType.HASH),
                        new KeySchemaElement(DynamoDbScheduledMailStore.Pk, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.INCLUDE, NonKeyAttributes = [DynamoDbScheduledMailStore.Status] },
                },
            ],
        },
        new CreateTableRequest
        {
            TableName = Broadcasts,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbBroadcastStore.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbBroadcastStore.Sk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbBroadcastStore.ActiveKey, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(DynamoDbBroadcastStore.Pk, KeyType.HASH),
                new KeySchemaElement(DynamoDbBroadcastStore.Sk, KeyType.RANGE),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByActiveIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbBroadcastStore.ActiveKey, KeyType.HASH),
                        new KeySchemaElement(DynamoDbBroadcastStore.Sk, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
            ],
        },
        new CreateTableRequest
        {
            TableName = Lists,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbListStore.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbListStore.Sk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbListStore.PublicKey, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(DynamoDbListStore.Pk, KeyType.HASH),
                new KeySchemaElement(DynamoDbListStore.Sk, KeyType.RANGE),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByPublicKeyIndex,
                    KeySchema = [new KeySchemaElement(DynamoDbListStore.PublicKey, KeyType.HASH)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        },
        new CreateTableRequest
        {
            TableName = Contacts,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbContactItems.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbContactItems.Sk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbContactItems.ListKey, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbContactItems.ListSort, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbContactItems.PendingShard, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbContactItems.PendingAt, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(DynamoDbContactItems.Pk, KeyType.HASH),
                new KeySchemaElement(DynamoDbContactItems.Sk, KeyType.RANGE),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByListIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbContactItems.ListKey, KeyType.HASH),
                        new KeySchemaElement(DynamoDbContactItems.ListSort, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
                new GlobalSecondaryIndex
                {
                    IndexName = ByPendingIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbContactItems.PendingShard, KeyType.HASH),
                        new KeySchemaElement(DynamoDbContactItems.PendingAt, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
            ],
        },
        new CreateTableRequest
        {
            TableName = Imports,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbImportStore.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbImportStore.Sk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbImportStore.ReadyShard, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbImportStore.ReadyAt, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(DynamoDbImportStore.Pk, KeyType.HASH),
                new KeySchemaElement(DynamoDbImportStore.Sk, KeyType.RANGE),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByReadyIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbImportStore.ReadyShard, KeyType.HASH),
                        new KeySchemaElement(DynamoDbImportStore.ReadyAt, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
            ],
        },
        new CreateTableRequest
        {
            TableName = Webhooks,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbWebhookStore.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbWebhookStore.Sk, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(DynamoDbWebhookStore.Pk, KeyType.HASH),
                new KeySchemaElement(DynamoDbWebhookStore.Sk, KeyType.RANGE),
            ],
        },
        new CreateTableRequest
        {
            TableName = WebhookDeliveries,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoDbWebhookDeliveryStore.Pk, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbWebhookDeliveryStore.ReadyShard, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbWebhookDeliveryStore.ReadyAt, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbWebhookDeliveryStore.WorkShard, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbWebhookDeliveryStore.NextReadyAt, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbWebhookDeliveryStore.LogKey, ScalarAttributeType.S),
                new AttributeDefinition(DynamoDbWebhookDeliveryStore.LogSort, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(DynamoDbWebhookDeliveryStore.Pk, KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ByReadyIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbWebhookDeliveryStore.ReadyShard, KeyType.HASH),
                        new KeySchemaElement(DynamoDbWebhookDeliveryStore.ReadyAt, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
                new GlobalSecondaryIndex
                {
                    IndexName = ByNextReadyIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbWebhookDeliveryStore.WorkShard, KeyType.HASH),
                        new KeySchemaElement(DynamoDbWebhookDeliveryStore.NextReadyAt, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
                new GlobalSecondaryIndex
                {
                    // The delivery log of one webhook, newest first.
                    IndexName = ByWebhookIndex,
                    KeySchema =
                    [
                        new KeySchemaElement(DynamoDbWebhookDeliveryStore.LogKey, KeyType.HASH),
                        new KeySchemaElement(DynamoDbWebhookDeliveryStore.LogSort, KeyType.RANGE),
                    ],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        },
    ];
}
