using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Webhooks;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// Webhooks in <c>&lt;prefix&gt;webhooks</c>, partition = tenant id, sort = webhook id (a tenant has at most
/// <see cref="WebhookLimits.MaxPerTenant"/>, so listing is one small query). Updates are whole-item puts conditional on
/// the version read.
/// </summary>
public sealed class DynamoDbWebhookStore(IAmazonDynamoDB dynamo, DynamoDbTables tables) : IWebhookStore
{
    internal const string Pk = "pk";
    internal const string Sk = "sk";
    private const string Url = "url";
    private const string EventTypes = "eventTypes";
    private const string Description = "description";
    private const string Enabled = "enabled";
    private const string DisabledReason = "disabledReason";
    private const string DisabledAt = "disabledAt";
    private const string Secret = "secret";
    private const string PreviousSecret = "previousSecret";
    private const string PreviousSecretExpiresAt = "previousSecretExpiresAt";
    private const string FailingSince = "failingSince";
    private const string CreatedAt = "createdAt";
    private const string UpdatedAt = "updatedAt";
    private const string Version = "version";

    public async Task AddAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.Webhooks,
                Item = Item(webhook, webhook.Version),
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new InvalidOperationException($"A webhook with id {webhook.Id} already exists for tenant {webhook.TenantId}.", e);
        }
    }

    public async Task<Webhook?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Webhooks,
            Key = new() { [Pk] = S(tenantId), [Sk] = S(id) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = tables.Webhooks,
            KeyConditionExpression = "#pk = :tenant",
            ExpressionAttributeNames = new() { ["#pk"] = Pk },
            ExpressionAttributeValues = new() { [":tenant"] = S(tenantId) },
            ConsistentRead = true,
        };
        var items = new List<Webhook>();
        do
        {
            var response = await dynamo.QueryAsync(request, cancellationToken);
            items.AddRange((response.Items ?? []).Select(Read));
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);

        return [.. items.OrderBy(w => w.CreatedAt).ThenBy(w => w.Id, StringComparer.Ordinal)];
    }

    public async Task<bool> TryUpdateAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.Webhooks,
                Item = Item(webhook, webhook.Version + 1),
                ConditionExpression = "#version = :expected",
                ExpressionAttributeNames = new() { ["#version"] = Version },
                ExpressionAttributeValues = new() { [":expected"] = N(webhook.Version) },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tables.Webhooks,
                Key = new() { [Pk] = S(tenantId), [Sk] = S(id) },
                ConditionExpression = "attribute_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> Item(Webhook webhook, int version)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(webhook.TenantId),
            [Sk] = S(webhook.Id),
            [Url] = S(webhook.Url.OriginalString),
            // A list, not a string set: it keeps the tenant's order.
            [EventTypes] = new AttributeValue { L = [.. webhook.EventTypes.Select(S)] },
            [Enabled] = new AttributeValue { BOOL = webhook.Enabled },
            [Secret] = S(webhook.Secret),
            [CreatedAt] = S(DynamoDbTime.Write(webhook.CreatedAt)),
            [UpdatedAt] = S(DynamoDbTime.Write(webhook.UpdatedAt)),
            [Version] = N(version),
        };
        if (webhook.Description is { } description)
        {
            item[Description] = S(description);
        }

        if (webhook.DisabledReason is { } reason)
        {
            item[DisabledReason] = S(reason.ToString());
        }

        if (webhook.DisabledAt is { } disabledAt)
        {
            item[DisabledAt] = S(DynamoDbTime.Write(disabledAt));
        }

        if (webhook.PreviousSecret is { } previous)
        {
            item[PreviousSecret] = S(previous);
        }

        if (webhook.PreviousSecretExpiresAt is { } expires)
        {
            item[PreviousSecretExpiresAt] = S(DynamoDbTime.Write(expires));
        }

        if (webhook.FailingSince is { } since)
        {
            item[FailingSince] = S(DynamoDbTime.Write(since));
        }

        return item;
    }

    private static Webhook Read(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[Pk].S,
        Id = item[Sk].S,
        Url = new Uri(item[Url].S, UriKind.Absolute),
        EventTypes = [.. item[EventTypes].L.Select(v => v.S)],
        Description = item.TryGetValue(Description, out var description) ? description.S : null,
        Enabled = item[Enabled].BOOL == true,
        DisabledReason = item.TryGetValue(DisabledReason, out var reason) ? Enum.Parse<WebhookDisabledReason>(reason.S) : null,
        DisabledAt = item.TryGetValue(DisabledAt, out var disabledAt) ? DynamoDbTime.Read(disabledAt.S) : null,
        Secret = item[Secret].S,
        PreviousSecret = item.TryGetValue(PreviousSecret, out var previous) ? previous.S : null,
        PreviousSecretExpiresAt = item.TryGetValue(PreviousSecretExpiresAt, out var expires) ? DynamoDbTime.Read(expires.S) : null,
        FailingSince = item.TryGetValue(FailingSince, out var since) ? DynamoDbTime.Read(since.S) : null,
        CreatedAt = DynamoDbTime.Read(item[CreatedAt].S),
        UpdatedAt = DynamoDbTime.Read(item[UpdatedAt].S),
        Version = int.Parse(item[Version].N, CultureInfo.InvariantCulture),
    };

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
