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

    public string Tenants { get; } = options.Value.TablePrefix + TenantsSuffix;

    public string Suppression { get; } = options.Value.TablePrefix + SuppressionSuffix;

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
    ];
}
