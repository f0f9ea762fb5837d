using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Tenants;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// One item per tenant in <c>&lt;prefix&gt;tenants</c>, key <c>pk = TENANT#&lt;id&gt;</c>; the sparse
/// <c>by-account</c> index finds tenants by AWS account. The external ID and creation time are written once, at creation.
/// </summary>
public sealed class DynamoDbTenantStore(IAmazonDynamoDB dynamo, DynamoDbTables tables) : ITenantStore
{
    internal const string Pk = "pk";
    internal const string Id = "id";
    internal const string AwsAccountId = "awsAccountId";
    private const string Name = "name";
    private const string ExternalId = "externalId";
    private const string Status = "status";
    private const string RoleArn = "roleArn";
    private const string Region = "region";
    private const string ConfigurationSetName = "configurationSetName";
    private const string CreatedAt = "createdAt";
    private const string UpdatedAt = "updatedAt";
    private const string EventRetentionDays = "eventRetentionDays";
    private const string AllowSharedAccount = "allowSharedAccount";
    private const string Forwarding = "forwarding";
    private const string ForwardingDetail = "forwardingDetail";

    public async Task<bool> TryCreateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(KeyOf(tenant.Id)),
            [Id] = S(tenant.Id),
            [Name] = S(tenant.Name),
            [ExternalId] = S(tenant.ExternalId),
            [Status] = S(tenant.Status.ToString()),
            [CreatedAt] = S(DynamoDbTime.Write(tenant.CreatedAt)),
            [UpdatedAt] = S(DynamoDbTime.Write(tenant.UpdatedAt)),
            [EventRetentionDays] = N(tenant.EventRetentionDays),
            [AllowSharedAccount] = new() { BOOL = tenant.AllowSharedAccount },
            [Forwarding] = S(tenant.Forwarding.ToString()),
        };
        AddIfSet(item, ForwardingDetail, tenant.ForwardingDetail);
        AddIfSet(item, AwsAccountId, tenant.AwsAccountId);
        AddIfSet(item, RoleArn, tenant.RoleArn);
        AddIfSet(item, Region, tenant.Region);
        AddIfSet(item, ConfigurationSetName, tenant.ConfigurationSetName);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.Tenants,
                Item = item,
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Tenants,
            Key = new() { [Pk] = S(KeyOf(tenantId)) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    /// <summary>Replaces every field but the external ID and creation time; <see cref="KeyNotFoundException"/> when the tenant does not exist.</summary>
    public async Task UpdateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var names = new Dictionary<string, string> { ["#pk"] = Pk };
        var values = new Dictionary<string, AttributeValue>();
        var set = new List<string>();
        var remove = new List<string>();
        void Assign(string attribute, string? value)
        {
            names["#" + attribute] = attribute;
            if (value is null)
            {
                // A null cannot be written to an index key (awsAccountId), and removing keeps the index sparse.
                remove.Add("#" + attribute);
            }
            else
            {
                values[":" + attribute] = S(value);
                set.Add($"#{attribute} = :{attribute}");
            }
        }

        Assign(Name, tenant.Name);
        Assign(Status, tenant.Status.ToString());
        Assign(AwsAccountId, tenant.AwsAccountId);
        Assign(RoleArn, tenant.RoleArn);
        Assign(Region, tenant.Region);
        Assign(ConfigurationSetName, tenant.ConfigurationSetName);
        Assign(UpdatedAt, DynamoDbTime.Write(tenant.UpdatedAt));
        names["#" + EventRetentionDays] = EventRetentionDays;
        values[":" + EventRetentionDays] = N(tenant.EventRetentionDays);
        set.Add($"#{EventRetentionDays} = :{EventRetentionDays}");
        names["#" + AllowSharedAccount] = AllowSharedAccount;
        values[":" + AllowSharedAccount] = new() { BOOL = tenant.AllowSharedAccount };
        set.Add($"#{AllowSharedAccount} = :{AllowSharedAccount}");
        Assign(Forwarding, tenant.Forwarding.ToString());
        Assign(ForwardingDetail, tenant.ForwardingDetail);

        var expression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : "");
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Tenants,
                Key = new() { [Pk] = S(KeyOf(tenant.Id)) },
                UpdateExpression = expression,
                ConditionExpression = "attribute_exists(#pk)",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            throw new KeyNotFoundException($"Tenant '{tenant.Id}' does not exist; create it first.");
        }
    }

    /// <summary>Reads the <c>by-account</c> index, which is eventually consistent: a role set a moment ago may not show yet.</summary>
    public async Task<IReadOnlyList<Tenant>> FindByAccountAsync(string awsAccountId, CancellationToken cancellationToken)
    {
        var tenants = new List<Tenant>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Tenants,
                IndexName = DynamoDbTables.ByAccountIndex,
                KeyConditionExpression = "#account = :account",
                ExpressionAttributeNames = new() { ["#account"] = AwsAccountId },
                ExpressionAttributeValues = new() { [":account"] = S(awsAccountId) },
                ExclusiveStartKey = start,
            }, cancellationToken);
            tenants.AddRange((response.Items ?? []).Select(Read));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return tenants;
    }

    private static string KeyOf(string tenantId) => "TENANT#" + tenantId;

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static void AddIfSet(Dictionary<string, AttributeValue> item, string attribute, string? value)
    {
        if (value is not null)
        {
            item[attribute] = S(value);
        }
    }

    private static string? Optional(Dictionary<string, AttributeValue> item, string attribute) =>
        item.TryGetValue(attribute, out var value) ? value.S : null;

    private static Tenant Read(Dictionary<string, AttributeValue> item) => new()
    {
        Id = item[Id].S,
        Name = item[Name].S,
        ExternalId = item[ExternalId].S,
        Status = Enum.Parse<TenantStatus>(item[Status].S),
        AwsAccountId = Optional(item, AwsAccountId),
        RoleArn = Optional(item, RoleArn),
        Region = Optional(item, Region),
        ConfigurationSetName = Optional(item, ConfigurationSetName),
        CreatedAt = DynamoDbTime.Read(item[CreatedAt].S),
        UpdatedAt = DynamoDbTime.Read(item[UpdatedAt].S),
        // Written before retention existed: the default applies.
        EventRetentionDays = item.TryGetValue(EventRetentionDays, out var days)
            ? int.Parse(days.N, CultureInfo.InvariantCulture)
            : Tenant.DefaultEventRetentionDays,
        AllowSharedAccount = item.TryGetValue(AllowSharedAccount, out var shared) && shared.BOOL == true,
        Forwarding = item.TryGetValue(Forwarding, out var forwarding) ? Enum.Parse<ForwardingState>(forwarding.S) : ForwardingState.NotConfigured,
        ForwardingDetail = Optional(item, ForwardingDetail),
    };
}
