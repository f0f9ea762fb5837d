using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Suppression;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// The suppression list in <c>&lt;prefix&gt;suppression</c>: partition = tenant id, sort key = normalized
/// address, so every read is a key lookup or a range inside one tenant's partition. The <c>by-reason</c>
/// index (partition <c>&lt;tenant&gt;#&lt;Reason&gt;</c>) serves listings filtered by reason.
/// </summary>
public sealed class DynamoDbSuppressionStore(IAmazonDynamoDB dynamo, DynamoDbTables tables, TimeProvider time) : ISuppressionStore
{
    public const int MaxPageSize = SuppressionRange.MaxPageSize;

    internal const string Pk = "pk";
    internal const string Sk = "sk";
    internal const string TenantReason = "tenantReason";
    private const string Reason = "reason";
    private const string Source = "source";
    private const string CreatedAt = "createdAt";

    // BatchGetItem's limit per request.
    private const int BatchSize = 100;
    private const int MaxBatchAttempts = 8;

    public async Task PutAsync(SuppressionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = tables.Suppression,
            Item = new()
            {
                [Pk] = S(entry.TenantId),
                [Sk] = S(entry.Email),
                [TenantReason] = S(ReasonKey(entry.TenantId, entry.Reason)),
                [Reason] = S(entry.Reason.ToString()),
                [Source] = S(entry.Source),
                [CreatedAt] = S(DynamoDbTime.Write(entry.CreatedAt)),
            },
        }, cancellationToken);
    }

    public async Task<bool> RemoveAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        var response = await dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = tables.Suppression,
            Key = Key(tenantId, email),
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken);
        return response.Attributes is { Count: > 0 };
    }

    public async Task<SuppressionEntry?> GetAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Suppression,
            Key = Key(tenantId, email),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    /// <summary>BatchGetItem in chunks of 100 keys of this tenant's partition, retrying unprocessed keys with back-off.</summary>
    public async Task<IReadOnlySet<string>> FindSuppressedAsync(string tenantId, IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in emails.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
        {
            var keys = chunk.Select(email => Key(tenantId, email)).ToList();
            for (var attempt = 1; keys.Count > 0; attempt++)
            {
                var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new()
                    {
                        [tables.Suppression] = new KeysAndAttributes
                        {
                            Keys = keys,
                            ConsistentRead = true,
                            ProjectionExpression = "#pk, #sk",
                            ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#sk"] = Sk },
                        },
                    },
                }, cancellationToken);

                if (response.Responses?.GetValueOrDefault(tables.Suppression) is { } items)
                {
                    // The partition is checked again so that no answer can ever name another tenant's address.
                    found.UnionWith(items.Where(item => item[Pk].S == tenantId).Select(item => item[Sk].S));
                }

                keys = response.UnprocessedKeys?.GetValueOrDefault(tables.Suppression)?.Keys ?? [];
                if (keys.Count > 0)
                {
                    if (attempt == MaxBatchAttempts)
                    {
                        throw new InvalidOperationException(
                            $"DynamoDB left {keys.Count} suppression lookups unprocessed after {MaxBatchAttempts} attempts (throttling); retry later.");
                    }

                    var delay = TimeSpan.FromMilliseconds(Math.Min(1000, 25 * (1 << attempt)) * (0.5 + Random.Shared.NextDouble() / 2));
                    await Task.Delay(delay, time, cancellationToken);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Entries in address order (UTF-8 byte order). Without a reason, a strongly consistent query of the tenant's
    /// partition; with one, the (eventually consistent) <c>by-reason</c> index. <see cref="ArgumentException"/> for a
    /// cursor this store did not hand out for this tenant and prefix; <see cref="ArgumentOutOfRangeException"/> for a
    /// limit outside 1-<see cref="MaxPageSize"/>.
    /// </summary>
    public async Task<SuppressionPage> ListAsync(string tenantId, SuppressionQuery query, CancellationToken cancellationToken)
    {
        var range = SuppressionRange.From(tenantId, query);

        var names = new Dictionary<string, string>();
        var values = new Dictionary<string, AttributeValue>();
        string condition;
        Dictionary<string, AttributeValue>? start = null;
        if (range.Reason is { } reason)
        {
            names["#partition"] = TenantReason;
            values[":partition"] = S(ReasonKey(tenantId, reason));
            condition = "#partition = :partition";
            if (range.After is { } after)
            {
                start = new() { [Pk] = S(tenantId), [Sk] = S(after), [TenantReason] = S(ReasonKey(tenantId, reason)) };
            }
        }
        else
        {
            names["#partition"] = Pk;
            values[":partition"] = S(tenantId);
            condition = "#partition = :partition";
            if (range.After is { } after)
            {
                start = Key(tenantId, after);
            }
        }

        if (range.Prefix is { } prefix)
        {
            names["#sk"] = Sk;
            values[":prefix"] = S(prefix);
            condition += " AND begins_with(#sk, :prefix)";
        }

        // One more than asked for tells whether another page exists, so the last page never comes back empty.
        var wanted = range.Take;
        var items = new List<SuppressionEntry>(Math.Min(wanted, 256));
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Suppression,
                IndexName = range.Reason is null ? null : DynamoDbTables.ByReasonIndex,
                ConsistentRead = range.Reason is null,
                KeyConditionExpression = condition,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ExclusiveStartKey = start,
                Limit = wanted - items.Count,
            }, cancellationToken);
            items.AddRange((response.Items ?? []).Select(Read));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && items.Count < wanted);

        return range.ToPage(items);
    }

    private static string ReasonKey(string tenantId, SuppressionReason reason) => tenantId + "#" + reason;

    private static Dictionary<string, AttributeValue> Key(string tenantId, string email) => new() { [Pk] = S(tenantId), [Sk] = S(email) };

    private static AttributeValue S(string value) => new() { S = value };

    private static SuppressionEntry Read(Dictionary<string, AttributeValue> item) => new(
        item[Pk].S,
        item[Sk].S,
        Enum.Parse<SuppressionReason>(item[Reason].S),
        item[Source].S,
        DynamoDbTime.Read(item[CreatedAt].S));
}
