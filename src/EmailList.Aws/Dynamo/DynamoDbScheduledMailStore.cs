using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Scheduling;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// Scheduled mail in <c>&lt;prefix&gt;scheduled-mail</c> without scans (docs/data-model.md explains the design):
/// one item per mail (<c>pk = MAIL#tenant#id</c>), pending ones in the sparse <c>by-ready</c> index under
/// <c>tenant#shard</c> sorted by ready time, and one work item per tenant with pending mail (<c>pk = WORK#tenant</c>)
/// in the sparse <c>by-next-ready</c> index, so a claim reads only tenants with due work. Indexes are eventually
/// consistent: every claim is a conditional UpdateItem on the mail item itself, and the work item's next-ready time
/// is only ever an early hint, never late.
/// </summary>
public sealed class DynamoDbScheduledMailStore(IAmazonDynamoDB dynamo, DynamoDbTables tables, TimeProvider time) : IScheduledMailStore
{
    internal const string Pk = "pk";
    internal const string ReadyShard = "readyShard";
    internal const string ReadyAt = "readyAt";
    internal const string WorkShard = "workShard";
    internal const string NextReadyAt = "nextReadyAt";

    /// <summary>tenant#broadcast on a broadcast's mail only: the sparse <c>by-broadcast</c> index counts them by status.</summary>
    internal const string BroadcastKey = "broadcastKey";
    internal const string Status = "status";

    /// <summary>Index partitions per tenant: spreads a large queue's index writes (about 1,000 a second per partition key).</summary>
    internal const int MailShards = 4;

    /// <summary>Partitions of the work index, so the tenants' work items do not all write one index partition.</summary>
    internal const int WorkShards = 4;

    /// <summary>
    /// Longer than an index ever lags in practice: a tenant whose mail changed more recently stays due, so a mail the
    /// index does not show yet is never skipped until a later time.
    /// </summary>
    internal static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private const string TenantId = "tenantId";
    private const string Id = "id";
    private const string ScheduledAt = "scheduledAt";
    private const string Owner = "owner";
    private const string LeaseUntil = "leaseUntil";
    private const string Content = "content";
    private const string Recipients = "recipients";
    private const string Attempts = "attempts";
    private const string MessageId = "messageId";
    private const string Suppressed = "suppressed";
    private const string FailureReason = "failureReason";
    private const string CreatedAt = "createdAt";
    private const string UpdatedAt = "updatedAt";
    private const string SentAt = "sentAt";
    private const string Version = "version";
    private const string ChangedAt = "changedAt";
    private const string BroadcastId = "broadcastId";
    private const string ContactId = "contactId";
    private const string HandedToSesAt = "handedToSesAt";

    public async Task AddAsync(ScheduledMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!await TryPutAsync(mail, cancellationToken))
        {
            throw new InvalidOperationException($"A scheduled mail with id {mail.Id} already exists for tenant {mail.TenantId}.");
        }

        await NoteReadyAsync(mail.TenantId, mail.ScheduledAt, cancellationToken);
    }

    public async Task<int> AddManyAsync(IReadOnlyList<ScheduledMail> mails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mails);
        // Conditional puts (BatchWriteItem has no conditions), a few at once; then each tenant's work item once.
        var added = new bool[mails.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, mails.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, token) => added[i] = await TryPutAsync(mails[i], token));
        // Every tenant of the batch, also for ids that were there: a retry after a crash between the puts and this note
        // (or after a claimer removed the work item meanwhile) must make the stored mails claimable, not count 0 and leave.
        foreach (var tenant in mails.GroupBy(m => m.TenantId, StringComparer.Ordinal))
        {
            await NoteReadyAsync(tenant.Key, tenant.Min(m => m.ScheduledAt), cancellationToken);
        }

        return added.Count(a => a);
    }

    private async Task<bool> TryPutAsync(ScheduledMail mail, CancellationToken cancellationToken)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(MailKey(mail.TenantId, mail.Id)),
            [TenantId] = S(mail.TenantId),
            [Id] = S(mail.Id),
            [Status] = S(nameof(ScheduledMailStatus.Scheduled)),
            [ScheduledAt] = S(DynamoDbTime.Write(mail.ScheduledAt)),
            [ReadyAt] = S(ReadyValue(mail.ScheduledAt, mail.Id)),
            [ReadyShard] = S(ShardKey(mail.TenantId, mail.Id)),
            [Recipients] = N(mail.Recipients),
            [Attempts] = N(mail.Attempts),
            [Suppressed] = List(mail.Suppressed),
            [CreatedAt] = S(DynamoDbTime.Write(mail.CreatedAt)),
            [UpdatedAt] = S(DynamoDbTime.Write(mail.UpdatedAt)),
        };
        if (mail.Content.Length > 0)
        {
            item[Content] = S(mail.Content); // a broadcast's mail has none: it is composed at send time
        }

        if (mail.BroadcastId is { } broadcastId)
        {
            item[BroadcastId] = S(broadcastId);
            item[BroadcastKey] = S(mail.TenantId + "#" + broadcastId);
        }

        if (mail.ContactId is { } contactId)
        {
            item[ContactId] = S(contactId);
        }

        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.ScheduledMail,
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

    public async Task<ScheduledMail?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.ScheduledMail,
            Key = new() { [Pk] = S(MailKey(tenantId, id)) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    public async Task<ScheduledMailChange> RescheduleAsync(string tenantId, string id, DateTimeOffset scheduledAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var change = await ChangeScheduledAsync(
            tenantId, id,
            "SET #scheduledAt = :scheduledAt, #readyAt = :readyAt, #updatedAt = :now",
            new() { ["#scheduledAt"] = ScheduledAt, ["#readyAt"] = ReadyAt, ["#updatedAt"] = UpdatedAt },
            new()
            {
                [":scheduledAt"] = S(DynamoDbTime.Write(scheduledAt)),
                [":readyAt"] = S(ReadyValue(scheduledAt, id)),
                [":now"] = S(DynamoDbTime.Write(now)),
            },
            cancellationToken);
        if (change.Status == ScheduledMailChangeStatus.Changed)
        {
            await NoteReadyAsync(tenantId, scheduledAt, cancellationToken);
        }

        return change;
    }

    public Task<ScheduledMailChange> CancelAsync(string tenantId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeScheduledAsync(
            tenantId, id,
            "SET #status = :cancelled, #updatedAt = :now REMOVE #readyAt, #readyShard",
            new() { ["#status"] = Status, ["#updatedAt"] = UpdatedAt, ["#readyAt"] = ReadyAt, ["#readyShard"] = ReadyShard },
            new() { [":cancelled"] = S(nameof(ScheduledMailStatus.Cancelled)), [":now"] = S(DynamoDbTime.Write(now)) },
            cancellationToken);

    public async Task<IReadOnlyList<ScheduledMailClaim>> ClaimDueAsync(
        DateTimeOffset now, int limit, int perTenantLimit, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perTenantLimit, 1);
        ArgumentException.ThrowIfNullOrEmpty(owner);

        var tenants = await DueTenantsAsync(now, limit, cancellationToken);
        var claims = new List<(string ReadyAt, ScheduledMailClaim Claim)>();
        foreach (var tenant in tenants)
        {
            if (claims.Count >= limit)
            {
                break;
            }

            claims.AddRange(await ClaimForTenantAsync(tenant, now, Math.Min(perTenantLimit, limit - claims.Count), owner, lease, cancellationToken));
        }

        return [.. claims
            .OrderBy(c => c.ReadyAt, StringComparer.Ordinal)
            .ThenBy(c => c.Claim.Mail.Id, StringComparer.Ordinal)
            .Select(c => c.Claim)];
    }

    public Task<bool> MarkSentAsync(ScheduledMailClaim claim, string messageId, IReadOnlyList<string> suppressed, DateTimeOffset now, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            "SET #status = :sent, #messageId = :messageId, #suppressed = :suppressed, #sentAt = :now, #updatedAt = :now REMOVE #readyAt, #readyShard, #owner, #leaseUntil",
            new() { ["#messageId"] = MessageId, ["#suppressed"] = Suppressed, ["#sentAt"] = SentAt, ["#updatedAt"] = UpdatedAt, ["#readyAt"] = ReadyAt, ["#readyShard"] = ReadyShard },
            new()
            {
                [":sent"] = S(nameof(ScheduledMailStatus.Sent)),
                [":messageId"] = S(messageId),
                [":suppressed"] = List(suppressed),
                [":now"] = S(DynamoDbTime.Write(now)),
            },
            cancellationToken);

    public Task<bool> MarkFailedAsync(ScheduledMailClaim claim, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            "SET #status = :failed, #failureReason = :reason, #updatedAt = :now REMOVE #readyAt, #readyShard, #owner, #leaseUntil",
            new() { ["#failureReason"] = FailureReason, ["#updatedAt"] = UpdatedAt, ["#readyAt"] = ReadyAt, ["#readyShard"] = ReadyShard },
            new() { [":failed"] = S(nameof(ScheduledMailStatus.Failed)), [":reason"] = S(reason), [":now"] = S(DynamoDbTime.Write(now)) },
            cancellationToken);

    public async Task<bool> ReleaseAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var released = await CompleteClaimAsync(
            claim,
            "SET #status = :scheduled, #readyAt = :notBefore REMOVE #owner, #leaseUntil, #handedToSesAt",
            new() { ["#readyAt"] = ReadyAt, ["#handedToSesAt"] = HandedToSesAt },
            new() { [":scheduled"] = S(nameof(ScheduledMailStatus.Scheduled)), [":notBefore"] = S(ReadyValue(notBefore, claim.Mail.Id)) },
            cancellationToken);
        if (released)
        {
            await NoteReadyAsync(claim.Mail.TenantId, notBefore, cancellationToken);
        }

        return released;
    }

    public Task<bool> MarkSkippedAsync(ScheduledMailClaim claim, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            "SET #status = :skipped, #failureReason = :reason, #updatedAt = :now REMOVE #readyAt, #readyShard, #owner, #leaseUntil",
            new() { ["#failureReason"] = FailureReason, ["#updatedAt"] = UpdatedAt, ["#readyAt"] = ReadyAt, ["#readyShard"] = ReadyShard },
            new() { [":skipped"] = S(nameof(ScheduledMailStatus.Skipped)), [":reason"] = S(reason), [":now"] = S(DynamoDbTime.Write(now)) },
            cancellationToken);

    public async Task<bool> DeferAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var deferred = await CompleteClaimAsync(
            claim,
            "SET #status = :scheduled, #readyAt = :notBefore REMOVE #owner, #leaseUntil, #handedToSesAt ADD #attempts :minusOne",
            new() { ["#readyAt"] = ReadyAt, ["#attempts"] = Attempts, ["#handedToSesAt"] = HandedToSesAt },
            new() { [":scheduled"] = S(nameof(ScheduledMailStatus.Scheduled)), [":notBefore"] = S(ReadyValue(notBefore, claim.Mail.Id)), [":minusOne"] = N(-1) },
            cancellationToken);
        if (deferred)
        {
            await NoteReadyAsync(claim.Mail.TenantId, notBefore, cancellationToken);
        }

        return deferred;
    }

    public Task<bool> MarkHandedToSesAsync(ScheduledMailClaim claim, DateTimeOffset now, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            "SET #handedToSesAt = :now, #updatedAt = :now",
            new() { ["#handedToSesAt"] = HandedToSesAt, ["#updatedAt"] = UpdatedAt },
            new() { [":now"] = S(DynamoDbTime.Write(now)) },
            cancellationToken);

    public async Task<bool> AwaitAcceptanceAsync(ScheduledMailClaim claim, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // Still Sending (not Scheduled), so neither PATCH nor DELETE can touch a mail SES may have sent; claimable again
        // once readyAt passes, like any lease that ran out.
        var held = await CompleteClaimAsync(
            claim,
            "SET #leaseUntil = :until, #readyAt = :readyAt REMOVE #owner ADD #attempts :minusOne",
            new() { ["#readyAt"] = ReadyAt, ["#attempts"] = Attempts },
            new() { [":until"] = S(DynamoDbTime.Write(until)), [":readyAt"] = S(ReadyValue(until, claim.Mail.Id)), [":minusOne"] = N(-1) },
            cancellationToken);
        if (held)
        {
            await NoteReadyAsync(claim.Mail.TenantId, until, cancellationToken);
        }

        return held;
    }

    public async Task<bool> ObserveAcceptedAsync(string tenantId, string id, string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        try
        {
            // The key holds the tenant: another tenant's mail of the same id is another item.
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.ScheduledMail,
                Key = new() { [Pk] = S(MailKey(tenantId, id)) },
                ConditionExpression = "#status = :sending OR (attribute_exists(#handedToSesAt) AND (#status = :scheduled OR #status = :failed))",
                UpdateExpression = "SET #status = :sent, #messageId = :messageId, #sentAt = :now, #updatedAt = :now " +
                    "REMOVE #readyAt, #readyShard, #owner, #leaseUntil, #failureReason",
                ExpressionAttributeNames = new()
                {
                    ["#status"] = Status,
                    ["#handedToSesAt"] = HandedToSesAt,
                    ["#messageId"] = MessageId,
                    ["#sentAt"] = SentAt,
                    ["#updatedAt"] = UpdatedAt,
                    ["#readyAt"] = ReadyAt,
                    ["#readyShard"] = ReadyShard,
                    ["#owner"] = Owner,
                    ["#leaseUntil"] = LeaseUntil,
                    ["#failureReason"] = FailureReason,
                },
                ExpressionAttributeValues = new()
                {
                    [":sending"] = S(nameof(ScheduledMailStatus.Sending)),
                    [":scheduled"] = S(nameof(ScheduledMailStatus.Scheduled)),
                    [":failed"] = S(nameof(ScheduledMailStatus.Failed)),
                    [":sent"] = S(nameof(ScheduledMailStatus.Sent)),
                    [":messageId"] = S(messageId),
                    [":now"] = S(DynamoDbTime.Write(now)),
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyDictionary<ScheduledMailStatus, int>> CountBroadcastAsync(string tenantId, string broadcastId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<ScheduledMailStatus, int>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.ScheduledMail,
                IndexName = DynamoDbTables.ByBroadcastIndex,
                KeyConditionExpression = "#key = :key",
                ProjectionExpression = "#status",
                ExpressionAttributeNames = new() { ["#key"] = BroadcastKey, ["#status"] = Status },
                ExpressionAttributeValues = new() { [":key"] = S(tenantId + "#" + broadcastId) },
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                var status = Enum.Parse<ScheduledMailStatus>(item[Status].S);
                counts[status] = counts.GetValueOrDefault(status) + 1;
            }

            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return counts;
    }

    /// <summary>Tenants whose work item says they may have due mail, earliest first, from every work shard.</summary>
    private async Task<List<string>> DueTenantsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, WorkShards).Select(shard => dynamo.QueryAsync(new QueryRequest
        {
            TableName = tables.ScheduledMail,
            IndexName = DynamoDbTables.ByNextReadyIndex,
            KeyConditionExpression = "#shard = :shard AND #next <= :now",
            ExpressionAttributeNames = new() { ["#shard"] = WorkShard, ["#next"] = NextReadyAt },
            ExpressionAttributeValues = new() { [":shard"] = S(WorkShardKey(shard)), [":now"] = S(ReadyBound(now)) },
            Limit = limit,
        }, cancellationToken)));
        return [.. pages
            .SelectMany(page => page.Items ?? [])
            .OrderBy(item => item[NextReadyAt].S, StringComparer.Ordinal)
            .Select(item => item[Pk].S[WorkPrefix.Length..])
            .Take(limit)];
    }

    private async Task<List<(string ReadyAt, ScheduledMailClaim Claim)>> ClaimForTenantAsync(
        string tenantId, DateTimeOffset now, int take, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var work = (await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.ScheduledMail,
            Key = new() { [Pk] = S(WorkKey(tenantId)) },
            ConsistentRead = true,
        }, cancellationToken)).Item;
        if (work is not { Count: > 0 } || !work.TryGetValue(NextReadyAt, out var currentNext))
        {
            return [];
        }

        // The earliest pending mails of each shard, one more than can be taken, so each shard that is not exhausted
        // shows at least one mail left behind: the next ready time is then known without reading further.
        var pages = await Task.WhenAll(Enumerable.Range(0, MailShards).Select(shard => dynamo.QueryAsync(new QueryRequest
        {
            TableName = tables.ScheduledMail,
            IndexName = DynamoDbTables.ByReadyIndex,
            KeyConditionExpression = "#shard = :shard",
            ExpressionAttributeNames = new() { ["#shard"] = ReadyShard },
            ExpressionAttributeValues = new() { [":shard"] = S(ShardKey(tenantId, shard)) },
            Limit = take + 1,
        }, cancellationToken)));
        var seen = pages
            .SelectMany(page => page.Items ?? [])
            .Select(item => (Key: item[Pk].S, ReadyAt: item[ReadyAt].S))
            .OrderBy(m => m.ReadyAt, StringComparer.Ordinal)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .ToList();

        var bound = ReadyBound(now);
        var leaseUntil = now + lease;
        var claims = new List<(string ReadyAt, ScheduledMailClaim Claim)>();
        string? next = null;
        foreach (var candidate in seen)
        {
            if (claims.Count < take && string.CompareOrdinal(candidate.ReadyAt, bound) <= 0
                && await TryClaimAsync(candidate.Key, candidate.Key[(MailPrefix.Length + tenantId.Length + 1)..], now, owner, leaseUntil, cancellationToken) is { } mail)
            {
                claims.Add((candidate.ReadyAt, new ScheduledMailClaim(mail, owner, leaseUntil)));
                continue;
            }

            // Left behind, or taken by another claimer (its index entry was stale): either way not later than this.
            next = Earliest(next, candidate.ReadyAt);
        }

        if (claims.Count > 0)
        {
            next = Earliest(next, ReadyValue(leaseUntil, tenantId));
        }

        await AdvanceWorkAsync(tenantId, work, currentNext.S, next, now, cancellationToken);
        return claims;
    }

    private async Task<ScheduledMail?> TryClaimAsync(string key, string id, DateTimeOffset now, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        try
        {
            // readyAt exists only while Scheduled or Sending; "ready now" on the item itself, whatever the index showed.
            var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.ScheduledMail,
                Key = new() { [Pk] = S(key) },
                ConditionExpression = "#readyAt <= :bound",
                UpdateExpression = "SET #status = :sending, #owner = :owner, #leaseUntil = :lease, #readyAt = :readyLease, #updatedAt = :now ADD #attempts :one",
                ExpressionAttributeNames = new()
                {
                    ["#readyAt"] = ReadyAt,
                    ["#status"] = Status,
                    ["#owner"] = Owner,
                    ["#leaseUntil"] = LeaseUntil,
                    ["#updatedAt"] = UpdatedAt,
                    ["#attempts"] = Attempts,
                },
                ExpressionAttributeValues = new()
                {
                    [":now"] = S(DynamoDbTime.Write(now)),
                    [":bound"] = S(ReadyBound(now)),
                    [":readyLease"] = S(ReadyValue(leaseUntil, id)),
                    [":sending"] = S(nameof(ScheduledMailStatus.Sending)),
                    [":owner"] = S(owner),
                    [":lease"] = S(DynamoDbTime.Write(leaseUntil)),
                    [":one"] = N(1),
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
    /// Moves the tenant's next-ready time to what this claim saw, or deletes the work item when nothing is pending,
    /// only if no change was noted since it was read (version) and none so recently that the index may not show it.
    /// </summary>
    private async Task AdvanceWorkAsync(
        string tenantId, Dictionary<string, AttributeValue> work, string currentNext, string? next, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changedAt = DynamoDbTime.Read(work[ChangedAt].S);
        if (changedAt > time.GetUtcNow() - Settle)
        {
            next = Earliest(next, ReadyValue(now, tenantId));
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
                    TableName = tables.ScheduledMail,
                    Key = new() { [Pk] = S(WorkKey(tenantId)) },
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
                TableName = tables.ScheduledMail,
                Key = new() { [Pk] = S(WorkKey(tenantId)) },
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
    /// Tells the tenant's work item that a mail is ready at <paramref name="readyAt"/>: lowers its next-ready time when
    /// that is earlier, and always counts a change, so a claimer that read it before cannot move it past this mail.
    /// </summary>
    private async Task NoteReadyAsync(string tenantId, DateTimeOffset readyAt, CancellationToken cancellationToken)
    {
        var key = new Dictionary<string, AttributeValue> { [Pk] = S(WorkKey(tenantId)) };
        var ready = S(ReadyValue(readyAt, tenantId));
        var changedAt = S(DynamoDbTime.Write(time.GetUtcNow()));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // The common case while a large queue fills: it already has earlier work, so only count the change.
                await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tables.ScheduledMail,
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
                    TableName = tables.ScheduledMail,
                    Key = key,
                    ConditionExpression = "attribute_not_exists(#next) OR #next > :ready",
                    UpdateExpression = "SET #next = :ready, #shard = :shard, #changedAt = :changedAt ADD #version :one",
                    ExpressionAttributeNames = new() { ["#next"] = NextReadyAt, ["#shard"] = WorkShard, ["#changedAt"] = ChangedAt, ["#version"] = Version },
                    ExpressionAttributeValues = new()
                    {
                        [":ready"] = ready,
                        [":shard"] = S(WorkShardKey(Shard(tenantId, WorkShards))),
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

    private async Task<bool> CompleteClaimAsync(
        ScheduledMailClaim claim, string update, Dictionary<string, string> names, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        names["#status"] = Status;
        names["#owner"] = Owner;
        names["#leaseUntil"] = LeaseUntil;
        values[":sending"] = S(nameof(ScheduledMailStatus.Sending));
        values[":owner"] = S(claim.Owner);
        values[":claimLease"] = S(DynamoDbTime.Write(claim.LeaseUntil));
        try
        {
            // Owner and lease together: the same owner's earlier claim on a mail it has since claimed again is lost too.
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.ScheduledMail,
                Key = new() { [Pk] = S(MailKey(claim.Mail.TenantId, claim.Mail.Id)) },
                ConditionExpression = "#status = :sending AND #owner = :owner AND #leaseUntil = :claimLease",
                UpdateExpression = update,
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

    private async Task<ScheduledMailChange> ChangeScheduledAsync(
        string tenantId, string id, string update, Dictionary<string, string> names, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        names["#status"] = Status;
        values[":scheduled"] = S(nameof(ScheduledMailStatus.Scheduled));
        try
        {
            var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.ScheduledMail,
                Key = new() { [Pk] = S(MailKey(tenantId, id)) },
                ConditionExpression = "#status = :scheduled",
                UpdateExpression = update,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            return new ScheduledMailChange(ScheduledMailChangeStatus.Changed, Read(response.Attributes));
        }
        catch (ConditionalCheckFailedException)
        {
            return await GetAsync(tenantId, id, cancellationToken) is { } current
                ? new ScheduledMailChange(ScheduledMailChangeStatus.TooLate, current)
                : ScheduledMailChange.NotFound;
        }
    }

    private const string MailPrefix = "MAIL#";
    private const string WorkPrefix = "WORK#";

    private static string MailKey(string tenantId, string id) => MailPrefix + tenantId + "#" + id;

    private static string WorkKey(string tenantId) => WorkPrefix + tenantId;

    private static string ShardKey(string tenantId, string id) => ShardKey(tenantId, Shard(id, MailShards));

    private static string ShardKey(string tenantId, int shard) => tenantId + "#" + shard.ToString(CultureInfo.InvariantCulture);

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

    /// <summary>
    /// A ready time as the <c>by-ready</c> and <c>by-next-ready</c> indexes sort it: the time, then the mail's id (or the
    /// tenant's, on its work item), so no two items of one index partition share a sort key. dynalite keys an index entry
    /// by the index key plus only 24 bits of a hash of the table key: mails of one shard ready at the same instant (a
    /// broadcast queues thousands at one time) collided now and then, one entry overwrote the other and that mail was
    /// never claimed. Real DynamoDB does not need it and is not harmed by it.
    /// </summary>
    private static string ReadyValue(DateTimeOffset at, string tieBreaker) => DynamoDbTime.Write(at) + "#" + tieBreaker;

    /// <summary>Above every ready value at <paramref name="now"/> whatever its tie-breaker ('~' sorts after id characters).</summary>
    private static string ReadyBound(DateTimeOffset now) => DynamoDbTime.Write(now) + "~";

    private static string? Earliest(string? a, string b) => a is null || string.CompareOrdinal(b, a) < 0 ? b : a;

    private static ScheduledMail Read(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[TenantId].S,
        Id = item[Id].S,
        Status = Enum.Parse<ScheduledMailStatus>(item[Status].S),
        ScheduledAt = DynamoDbTime.Read(item[ScheduledAt].S),
        Content = item.TryGetValue(Content, out var content) ? content.S : string.Empty,
        Recipients = int.Parse(item[Recipients].N, CultureInfo.InvariantCulture),
        Attempts = int.Parse(item[Attempts].N, CultureInfo.InvariantCulture),
        MessageId = item.TryGetValue(MessageId, out var messageId) ? messageId.S : null,
        Suppressed = item.TryGetValue(Suppressed, out var suppressed) && suppressed.L is { } list ? [.. list.Select(v => v.S)] : [],
        FailureReason = item.TryGetValue(FailureReason, out var reason) ? reason.S : null,
        CreatedAt = DynamoDbTime.Read(item[CreatedAt].S),
        UpdatedAt = DynamoDbTime.Read(item[UpdatedAt].S),
        SentAt = item.TryGetValue(SentAt, out var sentAt) ? DynamoDbTime.Read(sentAt.S) : null,
        BroadcastId = item.TryGetValue(BroadcastId, out var broadcastId) ? broadcastId.S : null,
        ContactId = item.TryGetValue(ContactId, out var contactId) ? contactId.S : null,
        HandedToSesAt = item.TryGetValue(HandedToSesAt, out var handedAt) ? DynamoDbTime.Read(handedAt.S) : null,
    };

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    // A list, not a string set: a set cannot be empty.
    private static AttributeValue List(IReadOnlyList<string> values) => new() { L = [.. values.Select(S)] };
}
