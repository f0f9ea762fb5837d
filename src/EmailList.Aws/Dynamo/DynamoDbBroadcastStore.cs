using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Broadcasts;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// Broadcasts in <c>&lt;prefix&gt;broadcasts</c>: <c>pk</c> the tenant, <c>sk</c> the id, so a tenant's are one
/// partition in id order; active ones also carry <c>activeKey</c>, which puts them in the sparse <c>by-active</c> index
/// the expander reads across tenants (there are few at any time). Status changes are conditional on the version read;
/// the expansion lease, cursor and progress are updated attribute by attribute, so neither overwrites the other.
/// </summary>
public sealed class DynamoDbBroadcastStore(IAmazonDynamoDB dynamo, DynamoDbTables tables) : IBroadcastStore
{
    internal const string Pk = "pk";
    internal const string Sk = "sk";
    internal const string ActiveKey = "activeKey";
    private const string Active = "active";

    private const string ListId = "listId";
    private const string Name = "name";
    private const string From = "from";
    private const string ReplyTo = "replyTo";
    private const string Content = "content";
    private const string Segment = "segment";
    private const string Status = "status";
    private const string ScheduledAt = "scheduledAt";
    private const string StartedAt = "startedAt";
    private const string CompletedAt = "completedAt";
    private const string PauseReason = "pauseReason";
    private const string GuardAcknowledgedAt = "guardAcknowledgedAt";
    private const string Cursor = "cursor";
    private const string Expanded = "expanded";
    private const string Owner = "owner";
    private const string LeaseUntil = "leaseUntil";
    private const string Queued = "queued";
    private const string Sent = "sent";
    private const string Skipped = "skipped";
    private const string Failed = "failed";
    private const string Rate = "rate";
    private const string ProgressAt = "progressAt";
    private const string CreatedAt = "createdAt";
    private const string UpdatedAt = "updatedAt";
    private const string Version = "version";

    public async Task AddAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(broadcast.TenantId),
            [Sk] = S(broadcast.Id),
            [Expanded] = new() { BOOL = broadcast.Expanded },
            [Version] = N(broadcast.Version),
        };
        foreach (var (name, value) in Fields(broadcast))
        {
            if (value is not null)
            {
                item[name] = value;
            }
        }

        foreach (var (name, value) in ProgressFields(broadcast.Progress))
        {
            if (value is not null)
            {
                item[name] = value;
            }
        }

        if (broadcast.ExpansionCursor is { } cursor)
        {
            item[Cursor] = S(cursor);
        }

        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.Broadcasts,
                Item = item,
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new InvalidOperationException($"A broadcast with id {broadcast.Id} already exists for tenant {broadcast.TenantId}.", e);
        }
    }

    public async Task<Broadcast?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Broadcasts,
            Key = Key(tenantId, id),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    public async Task<BroadcastPage> ListAsync(string tenantId, BroadcastQuery query, CancellationToken cancellationToken)
    {
        var range = BroadcastRange.From(tenantId, query);
        var read = new List<Broadcast>();
        Dictionary<string, AttributeValue>? start = range.After is { } after ? Key(tenantId, after) : null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Broadcasts,
                KeyConditionExpression = "#pk = :pk",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
                ExpressionAttributeValues = new() { [":pk"] = S(tenantId) },
                ExclusiveStartKey = start,
                Limit = range.Take - read.Count,
                ConsistentRead = true,
            }, cancellationToken);
            read.AddRange((page.Items ?? []).Select(Read));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && read.Count < range.Take);

        return range.ToPage(read);
    }

    public async Task<bool> TryUpdateAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        var names = new Dictionary<string, string> { ["#version"] = Version };
        var values = new Dictionary<string, AttributeValue> { [":version"] = N(broadcast.Version), [":one"] = N(1) };
        var set = new List<string>();
        var remove = new List<string>();
        foreach (var (name, value) in Fields(broadcast))
        {
            names["#" + name] = name;
            if (value is null)
            {
                remove.Add("#" + name);
            }
            else
            {
                values[":" + name] = value;
                set.Add($"#{name} = :{name}");
            }
        }

        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Broadcasts,
                Key = Key(broadcast.TenantId, broadcast.Id),
                ConditionExpression = "#version = :version",
                UpdateExpression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : "") + " ADD #version :one",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<bool> DeleteDraftAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tables.Broadcasts,
                Key = Key(tenantId, id),
                ConditionExpression = "#status = :draft",
                ExpressionAttributeNames = new() { ["#status"] = Status },
                ExpressionAttributeValues = new() { [":draft"] = S(nameof(BroadcastStatus.Draft)) },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Broadcast>> ListActiveAsync(int limit, CancellationToken cancellationToken)
    {
        var keys = new List<(string Tenant, string Id)>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Broadcasts,
                IndexName = DynamoDbTables.ByActiveIndex,
                KeyConditionExpression = "#active = :active",
                ExpressionAttributeNames = new() { ["#active"] = ActiveKey },
                ExpressionAttributeValues = new() { [":active"] = S(Active) },
                ExclusiveStartKey = start,
                Limit = limit - keys.Count,
            }, cancellationToken);
            keys.AddRange((page.Items ?? []).Select(item => (item[Pk].S, item[Sk].S)));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && keys.Count < limit);

        // The index is eventually consistent: read each item itself, and keep only those still active.
        var read = await Task.WhenAll(keys.Select(k => GetAsync(k.Tenant, k.Id, cancellationToken)));
        return [.. read.OfType<Broadcast>().Where(b => b.IsActive)];
    }

    public async Task<bool> TryLeaseExpansionAsync(
        string tenantId, string id, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Broadcasts,
                Key = Key(tenantId, id),
                ConditionExpression = "#status = :sending AND #expanded = :false AND (attribute_not_exists(#owner) OR #owner = :owner OR #leaseUntil <= :now)",
                UpdateExpression = "SET #owner = :owner, #leaseUntil = :leaseUntil",
                ExpressionAttributeNames = new()
                {
                    ["#status"] = Status,
                    ["#expanded"] = Expanded,
                    ["#owner"] = Owner,
                    ["#leaseUntil"] = LeaseUntil,
                },
                ExpressionAttributeValues = new()
                {
                    [":sending"] = S(nameof(BroadcastStatus.Sending)),
                    [":false"] = new() { BOOL = false },
                    [":owner"] = S(owner),
                    [":now"] = S(DynamoDbTime.Write(now)),
                    [":leaseUntil"] = S(DynamoDbTime.Write(leaseUntil)),
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<bool> WriteExpansionAsync(string tenantId, string id, string owner, string? cursor, bool expanded, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string> { ["#owner"] = Owner, ["#expanded"] = Expanded, ["#cursor"] = Cursor };
        var values = new Dictionary<string, AttributeValue> { [":owner"] = S(owner), [":expanded"] = new() { BOOL = expanded } };
        var update = "SET #expanded = :expanded";
        if (cursor is not null)
        {
            values[":cursor"] = S(cursor);
            update += ", #cursor = :cursor";
        }

        var remove = new List<string>();
        if (cursor is null)
        {
            remove.Add("#cursor");
        }

        if (expanded)
        {
            names["#leaseUntil"] = LeaseUntil;
            remove.Add("#owner");
            remove.Add("#leaseUntil");
        }

        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Broadcasts,
                Key = Key(tenantId, id),
                ConditionExpression = "#owner = :owner",
                UpdateExpression = update + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : ""),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task WriteProgressAsync(string tenantId, string id, BroadcastProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var names = new Dictionary<string, string> { ["#pk"] = Pk };
        var values = new Dictionary<string, AttributeValue>();
        var set = new List<string>();
        foreach (var (name, value) in ProgressFields(progress))
        {
            if (value is not null)
            {
                names["#" + name] = name;
                values[":" + name] = value;
                set.Add($"#{name} = :{name}");
            }
        }

        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Broadcasts,
                Key = Key(tenantId, id),
                ConditionExpression = "attribute_exists(#pk)",
                UpdateExpression = "SET " + string.Join(", ", set),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Deleted meanwhile: nothing to count for.
        }
    }

    /// <summary>The fields <see cref="TryUpdateAsync"/> owns; null values are removed.</summary>
    private static IEnumerable<(string Name, AttributeValue? Value)> Fields(Broadcast b) =>
    [
        (ListId, S(b.ListId)),
        (Name, S(b.Name)),
        (From, S(b.From)),
        (ReplyTo, b.ReplyTo is { } replyTo ? S(replyTo) : null),
        (Content, S(BroadcastContentJson.Serialize(b.Content))),
        (Segment, b.Segment is { } segment ? S(segment) : null),
        (Status, S(b.Status.ToString())),
        (ScheduledAt, Time(b.ScheduledAt)),
        (StartedAt, Time(b.StartedAt)),
        (CompletedAt, Time(b.CompletedAt)),
        (PauseReason, b.PauseReason is { } reason ? S(reason) : null),
        (GuardAcknowledgedAt, Time(b.GuardAcknowledgedAt)),
        (CreatedAt, S(DynamoDbTime.Write(b.CreatedAt))),
        (UpdatedAt, S(DynamoDbTime.Write(b.UpdatedAt))),
        (ActiveKey, b.IsActive ? S(Active) : null),
    ];

    private static IEnumerable<(string Name, AttributeValue? Value)> ProgressFields(BroadcastProgress p) =>
    [
        (Queued, N(p.Queued)),
        (Sent, N(p.Sent)),
        (Skipped, N(p.Skipped)),
        (Failed, N(p.Failed)),
        (Rate, new AttributeValue { N = p.RatePerSecond.ToString("R", CultureInfo.InvariantCulture) }),
        (ProgressAt, Time(p.At)),
    ];

    private static Broadcast Read(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[Pk].S,
        Id = item[Sk].S,
        ListId = item[ListId].S,
        Name = item[Name].S,
        From = item[From].S,
        ReplyTo = Text(item, ReplyTo),
        Content = BroadcastContentJson.Deserialize(item[Content].S),
        Segment = Text(item, Segment),
        Status = Enum.Parse<BroadcastStatus>(item[Status].S),
        ScheduledAt = Time(item, ScheduledAt),
        StartedAt = Time(item, StartedAt),
        CompletedAt = Time(item, CompletedAt),
        PauseReason = Text(item, PauseReason),
        GuardAcknowledgedAt = Time(item, GuardAcknowledgedAt),
        ExpansionCursor = Text(item, Cursor),
        Expanded = item.TryGetValue(Expanded, out var expanded) && expanded.BOOL == true,
        Progress = new BroadcastProgress(
            Int(item, Queued), Int(item, Sent), Int(item, Skipped), Int(item, Failed),
            item.TryGetValue(Rate, out var rate) ? double.Parse(rate.N, CultureInfo.InvariantCulture) : 0,
            Time(item, ProgressAt)),
        CreatedAt = DynamoDbTime.Read(item[CreatedAt].S),
        UpdatedAt = DynamoDbTime.Read(item[UpdatedAt].S),
        Version = long.Parse(item[Version].N, CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, AttributeValue> Key(string tenantId, string id) => new() { [Pk] = S(tenantId), [Sk] = S(id) };

    private static string? Text(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var value) ? value.S : null;

    private static int Int(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? int.Parse(value.N, CultureInfo.InvariantCulture) : 0;

    private static DateTimeOffset? Time(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? DynamoDbTime.Read(value.S) : null;

    private static AttributeValue? Time(DateTimeOffset? value) => value is { } v ? S(DynamoDbTime.Write(v)) : null;

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
