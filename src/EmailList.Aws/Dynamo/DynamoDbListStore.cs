using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Lists;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// Lists in <c>&lt;prefix&gt;lists</c>: partition = tenant id, sort key = list id, so a tenant's lists are one Query in id order;
/// the <c>by-public-key</c> index finds the list a sign-up form posts to. Deleting a list deletes its subscriptions from
/// <c>&lt;prefix&gt;contacts</c> through that table's <c>by-list</c> index.
/// </summary>
public sealed class DynamoDbListStore(IAmazonDynamoDB dynamo, DynamoDbTables tables) : IListStore
{
    internal const string Pk = "pk";
    internal const string Sk = "sk";
    internal const string PublicKey = "publicKey";
    private const string Name = "name";
    private const string From = "from";
    private const string ReplyTo = "replyTo";
    private const string DoubleOptIn = "doubleOptIn";
    private const string Confirmation = "confirmation";
    private const string AllowedOrigins = "allowedOrigins";
    private const string CreatedAt = "createdAt";
    private const string UpdatedAt = "updatedAt";

    /// <summary><see cref="InvalidOperationException"/> when the tenant has a list with this id.</summary>
    public async Task AddAsync(MailingList list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.Lists,
                Item = Item(list),
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new InvalidOperationException($"A list with id '{list.Id}' already exists.", e);
        }
    }

    public async Task<MailingList?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tables.Lists, Key = Key(tenantId, id), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    public async Task<MailingList?> GetByPublicKeyAsync(string publicKey, CancellationToken cancellationToken)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = tables.Lists,
            IndexName = DynamoDbTables.ByPublicKeyIndex,
            KeyConditionExpression = "#key = :key",
            ExpressionAttributeNames = new() { ["#key"] = PublicKey },
            ExpressionAttributeValues = new() { [":key"] = S(publicKey) },
            Limit = 1,
        }, cancellationToken);
        return response.Items is [var item, ..] ? Read(item) : null;
    }

    public async Task<MailingList?> UpdateAsync(MailingList list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        var values = new Dictionary<string, AttributeValue>
        {
            [":name"] = S(list.Name),
            [":from"] = S(list.From),
            [":doubleOptIn"] = new() { BOOL = list.DoubleOptIn },
            [":origins"] = S(ListStorageJson.Write(list.AllowedOrigins)),
            [":updatedAt"] = S(DynamoDbTime.Write(list.UpdatedAt)),
        };
        var set = "SET #name = :name, #from = :from, #doubleOptIn = :doubleOptIn, #origins = :origins, #updatedAt = :updatedAt";
        var remove = new List<string>();
        if (list.ReplyTo is { } replyTo)
        {
            set += ", #replyTo = :replyTo";
            values[":replyTo"] = S(replyTo);
        }
        else
        {
            remove.Add("#replyTo");
        }

        if (ListStorageJson.Write(list.Confirmation) is { } confirmation)
        {
            set += ", #confirmation = :confirmation";
            values[":confirmation"] = S(confirmation);
        }
        else
        {
            remove.Add("#confirmation");
        }

        try
        {
            var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Lists,
                Key = Key(list.TenantId, list.Id),
                UpdateExpression = set + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : ""),
                ConditionExpression = "attribute_exists(#pk)",
                ExpressionAttributeNames = new()
                {
                    ["#pk"] = Pk,
                    ["#name"] = Name,
                    ["#from"] = From,
                    ["#replyTo"] = ReplyTo,
                    ["#doubleOptIn"] = DoubleOptIn,
                    ["#confirmation"] = Confirmation,
                    ["#origins"] = AllowedOrigins,
                    ["#updatedAt"] = UpdatedAt,
                },
                ExpressionAttributeValues = values,
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            return Read(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The list item first (so its form stops taking sign-ups), then every subscription the <c>by-list</c> index shows;
    /// the index is eventually consistent, so a subscription written in the last moment before may outlive the list.
    /// </summary>
    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var deleted = await dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = tables.Lists,
            Key = Key(tenantId, id),
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken);
        if (deleted.Attributes is not { Count: > 0 })
        {
            return false;
        }

        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var members = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Contacts,
                IndexName = DynamoDbTables.ByListIndex,
                KeyConditionExpression = "#listKey = :listKey",
                ExpressionAttributeNames = new() { ["#listKey"] = DynamoDbContactItems.ListKey, ["#pk"] = Pk, ["#sk"] = Sk },
                ExpressionAttributeValues = new() { [":listKey"] = S(DynamoDbContactItems.ListPartition(tenantId, id)) },
                ProjectionExpression = "#pk, #sk",
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var member in members.Items ?? [])
            {
                await dynamo.DeleteItemAsync(new DeleteItemRequest
                {
                    TableName = tables.Contacts,
                    Key = DynamoDbContactItems.Key(member[Pk].S, member[Sk].S),
                }, cancellationToken);
            }

            start = members.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return true;
    }

    /// <summary><see cref="ArgumentException"/> for a cursor not handed out to this tenant; <see cref="ArgumentOutOfRangeException"/> for a bad limit.</summary>
    public async Task<ListPage> ListAsync(string tenantId, ListQuery query, CancellationToken cancellationToken)
    {
        var range = ListRange.From(tenantId, query);
        var items = new List<MailingList>(range.Take);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Lists,
                ConsistentRead = true,
                KeyConditionExpression = "#pk = :pk AND #sk > :after",
                ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#sk"] = Sk },
                ExpressionAttributeValues = new() { [":pk"] = S(tenantId), [":after"] = S(range.After ?? " ") },
                ExclusiveStartKey = start,
                Limit = range.Take - items.Count,
            }, cancellationToken);
            items.AddRange((response.Items ?? []).Select(Read));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && items.Count < range.Take);

        return range.ToPage(items);
    }

    private static Dictionary<string, AttributeValue> Key(string tenantId, string id) => new() { [Pk] = S(tenantId), [Sk] = S(id) };

    private static Dictionary<string, AttributeValue> Item(MailingList list)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(list.TenantId),
            [Sk] = S(list.Id),
            [PublicKey] = S(list.PublicKey),
            [Name] = S(list.Name),
            [From] = S(list.From),
            [DoubleOptIn] = new() { BOOL = list.DoubleOptIn },
            [AllowedOrigins] = S(ListStorageJson.Write(list.AllowedOrigins)),
            [CreatedAt] = S(DynamoDbTime.Write(list.CreatedAt)),
            [UpdatedAt] = S(DynamoDbTime.Write(list.UpdatedAt)),
        };
        if (list.ReplyTo is not null)
        {
            item[ReplyTo] = S(list.ReplyTo);
        }

        if (ListStorageJson.Write(list.Confirmation) is { } confirmation)
        {
            item[Confirmation] = S(confirmation);
        }

        return item;
    }

    private static MailingList Read(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[Pk].S,
        Id = item[Sk].S,
        PublicKey = item[PublicKey].S,
        Name = item[Name].S,
        From = item[From].S,
        ReplyTo = item.TryGetValue(ReplyTo, out var replyTo) ? replyTo.S : null,
        DoubleOptIn = item[DoubleOptIn].BOOL == true,
        Confirmation = ListStorageJson.ReadContent(item.TryGetValue(Confirmation, out var confirmation) ? confirmation.S : null),
        AllowedOrigins = ListStorageJson.ReadOrigins(item[AllowedOrigins].S),
        CreatedAt = DynamoDbTime.Read(item[CreatedAt].S),
        UpdatedAt = DynamoDbTime.Read(item[UpdatedAt].S),
    };

    private static AttributeValue S(string value) => new() { S = value };
}
