using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Webhooks;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// The webhook outbox and delivery log in <c>&lt;prefix&gt;webhook-deliveries</c>, without scans, the way scheduled mail
/// is claimed (docs/data-model.md): one item per delivery (<c>pk = DLV#tenant#id</c>), pending ones in the sparse
/// <c>by-ready</c> index under <c>tenant#webhook#shard</c> sorted by ready time, and one work item per webhook with
/// pending deliveries (<c>pk = WORK#tenant#webhook</c>) in the sparse <c>by-next-ready</c> index, so a claim reads only
/// webhooks with due work and takes a few of each: one endpoint's backlog does not hold back another's. The log is the
/// <c>by-webhook</c> index (<c>tenant#webhook</c>, creation time and id). Every claim is a conditional UpdateItem on the
/// delivery itself; the work item's next-ready time is only ever an early hint, never late. Expiry is the table's TTL.
/// </summary>
public sealed class DynamoDbWebhookDeliveryStore(IAmazonDynamoDB dynamo, DynamoDbTables tables, TimeProvider time) : IWebhookDeliveryStore
{
    internal const string Pk = "pk";
    internal const string ReadyShard = "readyShard";
    internal const string ReadyAt = "readyAt";
    internal const string WorkShard = "workShard";
    internal const string NextReadyAt = "nextReadyAt";
    internal const string LogKey = "logKey";
    internal const string LogSort = "logSort";

    /// <summary>Index partitions per webhook: spreads a busy endpoint's index writes (about 1,000 a second per partition key).</summary>
    internal const int DeliveryShards = 4;

    /// <summary>Partitions of the work index, so the webhooks' work items do not all write one index partition.</summary>
    internal const int WorkShards = 4;

    /// <summary>Longer than an index ever lags in practice: a webhook whose deliveries changed more recently stays due.</summary>
    internal static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private const string TenantId = "tenantId";
    private const string Id = "id";
    private const string WebhookId = "webhookId";
    private const string EventType = "eventType";
    private const string EventId = "eventId";
    private const string Payload = "payload";
    private const string CreatedAt = "createdAt";
    private const string Status = "status";
    private const string NextAttemptAt = "nextAttemptAt";
    private const string Attempts = "attempts";
    private const string LastAttemptAt = "lastAttemptAt";
    private const string LastStatusCode = "lastStatusCode";
    private const string LastError = "lastError";
    private const string LastDurationMs = "lastDurationMs";
    private const string CompletedAt = "completedAt";
    private const string Expires = "expires";
    private const string Owner = "owner";
    private const string LeaseUntil = "leaseUntil";
    private const string Version = "version";
    private const string ChangedAt = "changedAt";
    private const string DeliveryPrefix = "DLV#";
    private const string WorkPrefix = "WORK#";

    public async Task<int> AddManyAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var added = new bool[deliveries.Count];
        // Conditional puts (BatchWriteItem has no conditions), a few at once; then each webhook's work item once.
        await Parallel.ForEachAsync(Enumerable.Range(0, deliveries.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, token) => added[i] = await TryPutAsync(deliveries[i], token));
        await NoteReadyAsync(deliveries, cancellationToken);
        return added.Count(a => a);
    }

    /// <summary>
    /// Tells each webhook's work item about the pending deliveries among <paramref name="deliveries"/>, whether or not
    /// this call wrote them: a repeat after a crash between the puts and this note still makes them claimable.
    /// </summary>
    internal async Task NoteReadyAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        foreach (var webhook in deliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Pending)
            .GroupBy(d => (d.TenantId, d.WebhookId)))
        {
            await NoteReadyAsync(webhook.Key.TenantId, webhook.Key.WebhookId, webhook.Min(d => d.NextAttemptAt), cancellationToken);
        }
    }

    /// <summary>Puts the delivery unless its id exists (then changes nothing); whether it was written.</summary>
    internal async Task<bool> TryPutAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.WebhookDeliveries,
                Item = Item(delivery),
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

    public async Task<WebhookDelivery?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.WebhookDeliveries,
            Key = new() { [Pk] = S(DeliveryKey(tenantId, id)) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    /// <summary><see cref="ArgumentException"/> for a cursor not handed out for this tenant's webhook; <see cref="ArgumentOutOfRangeException"/> for a bad limit.</summary>
    public async Task<WebhookDeliveryPage> ListAsync(string tenantId, WebhookDeliveryQuery query, CancellationToken cancellationToken)
    {
        var range = WebhookDeliveryRange.From(tenantId, query);
        var request = new QueryRequest
        {
            TableName = tables.WebhookDeliveries,
            IndexName = DynamoDbTables.ByWebhookIndex,
            ScanIndexForward = false,
            KeyConditionExpression = range.Before is null ? "#logKey = :logKey" : "#logKey = :logKey AND #logSort < :before",
            ExpressionAttributeNames = new() { ["#logKey"] = LogKey },
            ExpressionAttributeValues = new() { [":logKey"] = S(LogKeyOf(tenantId, range.WebhookId)) },
        };
        if (range.Before is { } before)
        {
            request.ExpressionAttributeNames["#logSort"] = LogSort;
            request.ExpressionAttributeValues[":before"] = S(before);
        }

        if (range.Status is { } status)
        {
            request.FilterExpression = "#status = :status";
            request.ExpressionAttributeNames["#status"] = Status;
            request.ExpressionAttributeValues[":status"] = S(status.ToString());
        }

        var items = new List<WebhookDelivery>(range.Take);
        do
        {
            request.Limit = range.Status is null ? range.Take - items.Count : Math.Max(range.Take * 2, 100);
            var response = await dynamo.QueryAsync(request, cancellationToken);
            items.AddRange((response.Items ?? []).Select(Read).Take(range.Take - items.Count));
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (items.Count < range.Take && request.ExclusiveStartKey is not null);

        return range.ToPage(items);
    }

    public async Task<IReadOnlyList<WebhookDeliveryClaim>> ClaimDueAsync(
        DateTimeOffset now, int limit, int perWebhookLimit, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perWebhookLimit, 1);
        ArgumentException.ThrowIfNullOrEmpty(owner);

        var webhooks = await DueWebhooksAsync(now, limit, cancellationToken);
        var claims = new List<(string ReadyAt, WebhookDeliveryClaim Claim)>();
        foreach (var (tenantId, webhookId) in webhooks)
        {
            if (claims.Count >= limit)
            {
                break;
            }

            claims.AddRange(await ClaimForWebhookAsync(tenantId, webhookId, now, Math.Min(perWebhookLimit, limit - claims.Count), owner, lease, cancellationToken));
        }

        return [.. claims
            .OrderBy(c => c.ReadyAt, StringComparer.Ordinal)
            .ThenBy(c => c.Claim.Delivery.Id, StringComparer.Ordinal)
            .Select(c => c.Claim)];
    }

    public async Task<bool> RecordAttemptAsync(WebhookDeliveryClaim claim, WebhookAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(attempt);
        var pending = attempt.Status == WebhookDeliveryStatus.Pending;
        if (pending && attempt.NextAttemptAt is null)
        {
            throw new ArgumentException("A Pending attempt needs NextAttemptAt.", nameof(attempt));
        }

        var names = new Dictionary<string, string>
        {
            ["#status"] = Status,
            ["#owner"] = Owner,
            ["#leaseUntil"] = LeaseUntil,
            ["#attempts"] = Attempts,
            ["#lastAttemptAt"] = LastAttemptAt,
            ["#lastDurationMs"] = LastDurationMs,
            ["#lastStatusCode"] = LastStatusCode,
            ["#lastError"] = LastError,
            ["#readyAt"] = ReadyAt,
        };
        var values = new Dictionary<string, AttributeValue>
        {
            [":pending"] = S(nameof(WebhookDeliveryStatus.Pending)),
            [":owner"] = S(claim.Owner),
            [":claimLease"] = S(DynamoDbTime.Write(claim.LeaseUntil)),
            [":status"] = S(attempt.Status.ToString()),
            [":one"] = N(1),
            [":at"] = S(DynamoDbTime.Write(attempt.At)),
            [":durationMs"] = N(attempt.DurationMs),
        };
        var set = new List<string> { "#status = :status", "#lastAttemptAt = :at", "#lastDurationMs = :durationMs" };
        var remove = new List<string> { "#owner", "#leaseUntil" };
        if (attempt.StatusCode is { } statusCode)
        {
            set.Add("#lastStatusCode = :statusCode");
            values[":statusCode"] = N(statusCode);
        }
        else
        {
            remove.Add("#lastStatusCode");
        }

        if (attempt.Error is { } error)
        {
            set.Add("#lastError = :error");
            values[":error"] = S(error);
        }
        else
        {
            remove.Add("#lastError");
        }

        if (pending)
        {
            names["#nextAttemptAt"] = NextAttemptAt;
            values[":next"] = S(DynamoDbTime.Write(attempt.NextAttemptAt!.Value));
            set.Add("#nextAttemptAt = :next");
            set.Add("#readyAt = :next");
        }
        else
        {
            names["#completedAt"] = CompletedAt;
            names["#readyShard"] = ReadyShard;
            set.Add("#completedAt = :at");
            remove.Add("#readyAt");
            remove.Add("#readyShard");
        }

        try
        {
            // Owner and lease together: the same owner's earlier claim on a delivery it has since claimed again is lost too.
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.WebhookDeliveries,
                Key = new() { [Pk] = S(DeliveryKey(claim.Delivery.TenantId, claim.Delivery.Id)) },
                ConditionExpression = "#status = :pending AND #owner = :owner AND #leaseUntil = :claimLease",
                UpdateExpression = "SET " + string.Join(", ", set) + " REMOVE " + string.Join(", ", remove) + " ADD #attempts :one",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }

        if (pending)
        {
            // The work item may say "at the lease's end", later than a short backoff.
            await NoteReadyAsync(claim.Delivery.TenantId, claim.Delivery.WebhookId, attempt.NextAttemptAt!.Value, cancellationToken);
        }

        return true;
    }

    public async Task<bool> RetryAsync(string tenantId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue> updated;
        try
        {
            updated = (await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.WebhookDeliveries,
                Key = new() { [Pk] = S(DeliveryKey(tenantId, id)) },
                ConditionExpression = "attribute_exists(#pk)",
                UpdateExpression = "SET #status = :pending, #nextAttemptAt = :now, #readyAt = :now, #readyShard = #shardOf REMOVE #completedAt, #owner, #leaseUntil",
                ExpressionAttributeNames = new()
                {
                    ["#pk"] = Pk,
                    ["#status"] = Status,
                    ["#nextAttemptAt"] = NextAttemptAt,
                    ["#readyAt"] = ReadyAt,
                    ["#readyShard"] = ReadyShard,
                    ["#shardOf"] = ShardOf,
                    ["#completedAt"] = CompletedAt,
                    ["#owner"] = Owner,
                    ["#leaseUntil"] = LeaseUntil,
                },
                ExpressionAttributeValues = new() { [":pending"] = S(nameof(WebhookDeliveryStatus.Pending)), [":now"] = S(DynamoDbTime.Write(now)) },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken)).Attributes;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }

        await NoteReadyAsync(tenantId, updated[WebhookId].S, now, cancellationToken);
        return true;
    }

    /// <summary>Nothing to do: DynamoDB's TTL on <c>expiresAt</c> deletes expired deliveries (usually within days of expiry), at no write cost.</summary>
    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);

    // The delivery's by-ready partition, kept on the item while it is done so a retry can restore it without recomputing.
    private const string ShardOf = "shardOf";

    private static Dictionary<string, AttributeValue> Item(WebhookDelivery delivery)
    {
        var shard = ShardKey(delivery.TenantId, delivery.WebhookId, Shard(delivery.Id, DeliveryShards));
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(DeliveryKey(delivery.TenantId, delivery.Id)),
            [TenantId] = S(delivery.TenantId),
            [Id] = S(delivery.Id),
            [WebhookId] = S(delivery.WebhookId),
            [EventType] = S(delivery.EventType),
            [EventId] = S(delivery.EventId),
            [Payload] = S(delivery.Payload),
            [CreatedAt] = S(DynamoDbTime.Write(delivery.CreatedAt)),
            [Status] = S(delivery.Status.ToString()),
            [NextAttemptAt] = S(DynamoDbTime.Write(delivery.NextAttemptAt)),
            [Attempts] = N(delivery.Attempts),
            [Expires] = S(DynamoDbTime.Write(delivery.ExpiresAt)),
            [DynamoDbTables.TimeToLiveAttribute] = new AttributeValue { N = delivery.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            [LogKey] = S(LogKeyOf(delivery.TenantId, delivery.WebhookId)),
            [LogSort] = S(WebhookDeliveryRange.LogKey(delivery)),
            [ShardOf] = S(shard),
        };
        if (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            item[ReadyShard] = S(shard);
            item[ReadyAt] = S(DynamoDbTime.Write(delivery.NextAttemptAt));
        }

        if (delivery.LastAttemptAt is { } lastAttemptAt)
        {
            item[LastAttemptAt] = S(DynamoDbTime.Write(lastAttemptAt));
        }

        if (delivery.LastStatusCode is { } statusCode)
        {
            item[LastStatusCode] = N(statusCode);
        }

        if (delivery.LastError is { } error)
        {
            item[LastError] = S(error);
        }

        if (delivery.LastDurationMs is { } duration)
        {
            item[LastDurationMs] = N(duration);
        }

        if (delivery.CompletedAt is { } completedAt)
        {
            item[CompletedAt] = S(DynamoDbTime.Write(completedAt));
        }

        return item;
    }

    private async Task<List<(string TenantId, string WebhookId)>> DueWebhooksAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, WorkShards).Select(shard => dynamo.QueryAsync(new QueryRequest
        {
            TableName = tables.WebhookDeliveries,
            IndexName = DynamoDbTables.ByNextReadyIndex,
            KeyConditionExpression = "#shard = :shard AND #next <= :now",
            ExpressionAttributeNames = new() { ["#shard"] = WorkShard, ["#next"] = NextReadyAt },
            ExpressionAttributeValues = new() { [":shard"] = S(WorkShardKey(shard)), [":now"] = S(DynamoDbTime.Write(now)) },
            Limit = limit,
        }, cancellationToken)));
        return [.. pages
            .SelectMany(page => page.Items ?? [])
            .OrderBy(item => item[NextReadyAt].S, StringComparer.Ordinal)
            .Take(limit)
            .Select(item => ParseWorkKey(item[Pk].S))];
    }

    private async Task<List<(string ReadyAt, WebhookDeliveryClaim Claim)>> ClaimForWebhookAsync(
        string tenantId, string webhookId, DateTimeOffset now, int take, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var work = (await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.WebhookDeliveries,
            Key = new() { [Pk] = S(WorkKey(tenantId, webhookId)) },
            ConsistentRead = true,
        }, cancellationToken)).Item;
        if (work is not { Count: > 0 } || !work.TryGetValue(NextReadyAt, out var currentNext))
        {
            return [];
        }

        // The earliest pending deliveries of each shard, one more than can be taken, so each shard that is not exhausted
        // shows at least one left behind: the next ready time is then known without reading further.
        var pages = await Task.WhenAll(Enumerable.Range(0, DeliveryShards).Select(shard => dynamo.QueryAsync(new QueryRequest
        {
            TableName = tables.WebhookDeliveries,
            IndexName = DynamoDbTables.ByReadyIndex,
            KeyConditionExpression = "#shard = :shard",
            ExpressionAttributeNames = new() { ["#shard"] = ReadyShard },
            ExpressionAttributeValues = new() { [":shard"] = S(ShardKey(tenantId, webhookId, shard)) },
            Limit = take + 1,
        }, cancellationToken)));
        var seen = pages
            .SelectMany(page => page.Items ?? [])
            .Select(item => (Key: item[Pk].S, ReadyAt: item[ReadyAt].S))
            .OrderBy(d => d.ReadyAt, StringComparer.Ordinal)
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .ToList();

        var nowText = DynamoDbTime.Write(now);
        var leaseUntil = now + lease;
        var claims = new List<(string ReadyAt, WebhookDeliveryClaim Claim)>();
        string? next = null;
        foreach (var candidate in seen)
        {
            if (claims.Count < take && string.CompareOrdinal(candidate.ReadyAt, nowText) <= 0
                && await TryClaimAsync(candidate.Key, now, owner, leaseUntil, cancellationToken) is { } delivery)
            {
                claims.Add((candidate.ReadyAt, new WebhookDeliveryClaim(delivery, owner, leaseUntil)));
                continue;
            }

            // Left behind, or taken by another claimer (its index entry was stale): either way not later than this.
            next = Earliest(next, candidate.ReadyAt);
        }

        if (claims.Count > 0)
        {
            next = Earliest(next, DynamoDbTime.Write(leaseUntil));
        }

        await AdvanceWorkAsync(tenantId, webhookId, work, currentNext.S, next, now, cancellationToken);
        return claims;
    }

    private async Task<WebhookDelivery?> TryClaimAsync(string key, DateTimeOffset now, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        try
        {
            // readyAt exists only while Pending; "ready now" on the item itself, whatever the index showed.
            var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.WebhookDeliveries,
                Key = new() { [Pk] = S(key) },
                ConditionExpression = "#readyAt <= :now",
                UpdateExpression = "SET #owner = :owner, #leaseUntil = :lease, #readyAt = :lease",
                ExpressionAttributeNames = new() { ["#readyAt"] = ReadyAt, ["#owner"] = Owner, ["#leaseUntil"] = LeaseUntil },
                ExpressionAttributeValues = new()
                {
                    [":now"] = S(DynamoDbTime.Write(now)),
                    [":owner"] = S(owner),
                    [":lease"] = S(DynamoDbTime.Write(leaseUntil)),
                },
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
    /// Moves the webhook's next-ready time to what this claim saw, or deletes the work item when nothing is pending,
    /// only if no change was noted since it was read (version) and none so recently that the index may not show it.
    /// </summary>
    private async Task AdvanceWorkAsync(
        string tenantId, string webhookId, Dictionary<string, AttributeValue> work, string currentNext, string? next, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var changedAt = DynamoDbTime.Read(work[ChangedAt].S);
        if (changedAt > time.GetUtcNow() - Settle)
        {
            next = Earliest(next, DynamoDbTime.Write(now));
        }

        if (next == currentNext)
        {
            return;
        }

        var names = new Dictionary<string, string> { ["#version"] = Version };
        var values = new Dictionary<string, AttributeValue> { [":version"] = work[Version] };
        try
        {
            if (next is null)
            {
                await dynamo.DeleteItemAsync(new DeleteItemRequest
                {
                    TableName = tables.WebhookDeliveries,
                    Key = new() { [Pk] = S(WorkKey(tenantId, webhookId)) },
                    ConditionExpression = "#version = :version",
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                }, cancellationToken);
                return;
            }

            names["#next"] = NextReadyAt;
            values[":next"] = S(next);
            values[":one"] = N(1);
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.WebhookDeliveries,
                Key = new() { [Pk] = S(WorkKey(tenantId, webhookId)) },
                ConditionExpression = "#version = :version",
                UpdateExpression = "SET #next = :next ADD #version :one",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Someone noted a change (or another claimer moved it) after we read it: theirs stands, and is not later.
        }
    }

    /// <summary>
    /// Tells the webhook's work item that a delivery is ready at <paramref name="readyAt"/>: lowers its next-ready time
    /// when that is earlier, and always counts a change, so a claimer that read it before cannot move it past this one.
    /// </summary>
    private async Task NoteReadyAsync(string tenantId, string webhookId, DateTimeOffset readyAt, CancellationToken cancellationToken)
    {
        var key = new Dictionary<string, AttributeValue> { [Pk] = S(WorkKey(tenantId, webhookId)) };
        var ready = S(DynamoDbTime.Write(readyAt));
        var changedAt = S(DynamoDbTime.Write(time.GetUtcNow()));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // The common case for a busy endpoint: it already has earlier work, so only count the change.
                await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tables.WebhookDeliveries,
                    Key = key,
                    ConditionExpression = "#next <= :ready",
                    UpdateExpression = "SET #changedAt = :changedAt ADD #version :one",
                    ExpressionAttributeNames = new() { ["#next"] = NextReadyAt, ["#changedAt"] = ChangedAt, ["#version"] = Version },
                    ExpressionAttributeValues = new() { [":ready"] = ready, [":changedAt"] = changedAt, [":one"] = N(1) },
                }, cancellationToken);
                return;
            }
            catch (ConditionalCheckFailedException)
            {
            }

            try
            {
                await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tables.WebhookDeliveries,
                    Key = key,
                    ConditionExpression = "attribute_not_exists(#next) OR #next > :ready",
                    UpdateExpression = "SET #next = :ready, #shard = :shard, #changedAt = :changedAt ADD #version :one",
                    ExpressionAttributeNames = new() { ["#next"] = NextReadyAt, ["#shard"] = WorkShard, ["#changedAt"] = ChangedAt, ["#version"] = Version },
                    ExpressionAttributeValues = new()
                    {
                        [":ready"] = ready,
                        [":shard"] = S(WorkShardKey(Shard(tenantId + "#" + webhookId, WorkShards))),
                        [":changedAt"] = changedAt,
                        [":one"] = N(1),
                    },
                }, cancellationToken);
                return;
            }
            catch (ConditionalCheckFailedException) when (attempt < 10)
            {
                // Raised between our two writes by a claimer: try again.
            }
        }
    }

    private static string DeliveryKey(string tenantId, string id) => DeliveryPrefix + tenantId + "#" + id;

    private static string WorkKey(string tenantId, string webhookId) => WorkPrefix + tenantId + "#" + webhookId;

    /// <summary>Webhook ids hold no '#', so the last one separates them from the tenant id.</summary>
    private static (string TenantId, string WebhookId) ParseWorkKey(string key)
    {
        var last = key.LastIndexOf('#');
        return (key[WorkPrefix.Length..last], key[(last + 1)..]);
    }

    private static string LogKeyOf(string tenantId, string webhookId) => tenantId + "#" + webhookId;

    private static string ShardKey(string tenantId, string webhookId, int shard) =>
        tenantId + "#" + webhookId + "#" + shard.ToString(CultureInfo.InvariantCulture);

    private static string WorkShardKey(int shard) => "w#" + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    private static int Shard(string value, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }

    private static string? Earliest(string? a, string b) => a is null || string.CompareOrdinal(b, a) < 0 ? b : a;

    private static WebhookDelivery Read(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[TenantId].S,
        Id = item[Id].S,
        WebhookId = item[WebhookId].S,
        EventType = item[EventType].S,
        EventId = item[EventId].S,
        Payload = item[Payload].S,
        CreatedAt = DynamoDbTime.Read(item[CreatedAt].S),
        Status = Enum.Parse<WebhookDeliveryStatus>(item[Status].S),
        NextAttemptAt = DynamoDbTime.Read(item[NextAttemptAt].S),
        Attempts = int.Parse(item[Attempts].N, CultureInfo.InvariantCulture),
        LastAttemptAt = item.TryGetValue(LastAttemptAt, out var lastAttemptAt) ? DynamoDbTime.Read(lastAttemptAt.S) : null,
        LastStatusCode = item.TryGetValue(LastStatusCode, out var statusCode) ? int.Parse(statusCode.N, CultureInfo.InvariantCulture) : null,
        LastError = item.TryGetValue(LastError, out var error) ? error.S : null,
        LastDurationMs = item.TryGetValue(LastDurationMs, out var duration) ? int.Parse(duration.N, CultureInfo.InvariantCulture) : null,
        CompletedAt = item.TryGetValue(CompletedAt, out var completedAt) ? DynamoDbTime.Read(completedAt.S) : null,
        ExpiresAt = DynamoDbTime.Read(item[Expires].S),
    };

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
