using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Lists;
using ImportStatus = EmailList.Core.Lists.ImportStatus;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// CSV imports in <c>&lt;prefix&gt;imports</c>: under <c>pk = IMP#tenant#id</c> one item for the import
/// (<c>sk = job</c>) and one per chunk of uploaded rows (<c>sk = chunk#000042</c>, each under 400 KB). An import a worker
/// may claim (Queued, or Running under a lease) is in the sparse <c>by-ready</c> index by ready time; imports are few
/// and short-lived, so one index partition holds them all. The index is eventually consistent: a claim is a conditional
/// UpdateItem on the import's own item, so two workers never hold one import.
/// </summary>
public sealed class DynamoDbImportStore(IAmazonDynamoDB dynamo, DynamoDbTables tables) : IImportStore
{
    internal const string Pk = "pk";
    internal const string Sk = "sk";
    internal const string ReadyShard = "readyShard";
    internal const string ReadyAt = "readyAt";

    private const string JobSk = "job";
    private const string ChunkSkPrefix = "chunk#";
    private const string ReadyPartition = "ready";
    private const int BatchWriteSize = 25;
    private const int ClaimCandidates = 10;

    private const string TenantId = "tenantId";
    private const string Id = "id";
    private const string ListId = "listId";
    private const string Status = "status";
    private const string Attempts = "attempts";
    private const string Consent = "consentStatement";
    private const string Ip = "ip";
    private const string UserAgent = "userAgent";
    private const string Columns = "columns";
    private const string TotalRows = "totalRows";
    private const string ChunkCount = "chunkCount";
    private const string Progress = "progress";
    private const string FailureReason = "failureReason";
    private const string Owner = "owner";
    private const string LeaseUntil = "leaseUntil";
    private const string CreatedAt = "createdAt";
    private const string UpdatedAt = "updatedAt";
    private const string CompletedAt = "completedAt";
    private const string Rows = "rows";

    public async Task AddChunkAsync(string tenantId, string importId, ImportChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = tables.Imports,
            Item = new()
            {
                [Pk] = S(Key(tenantId, importId)),
                [Sk] = S(ChunkSk(chunk.Index)),
                [Rows] = S(chunk.Rows),
            },
        }, cancellationToken);
    }

    public async Task AddAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(Key(job.TenantId, job.Id)),
            [Sk] = S(JobSk),
            [TenantId] = S(job.TenantId),
            [Id] = S(job.Id),
            [ListId] = S(job.ListId),
            [Status] = S(nameof(ImportStatus.Queued)),
            [Attempts] = N(0),
            [Columns] = S(ImportJson.Write(job.Columns)),
            [TotalRows] = N(job.TotalRows),
            [ChunkCount] = N(job.ChunkCount),
            [Progress] = S(ImportJson.Write(ImportProgress.None)),
            [CreatedAt] = S(DynamoDbTime.Write(job.CreatedAt)),
            [UpdatedAt] = S(DynamoDbTime.Write(job.UpdatedAt)),
            [ReadyShard] = S(ReadyPartition),
            [ReadyAt] = S(DynamoDbTime.Write(job.CreatedAt)),
        };
        AddIfSet(item, Consent, job.ConsentStatement);
        AddIfSet(item, Ip, job.Ip);
        AddIfSet(item, UserAgent, job.UserAgent);
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.Imports,
                Item = item,
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new InvalidOperationException($"An import with id {job.Id} already exists for tenant {job.TenantId}.", e);
        }
    }

    public async Task<ImportJob?> GetAsync(string tenantId, string importId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Imports,
            Key = JobKey(tenantId, importId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    public async Task<ImportChunk?> GetChunkAsync(string tenantId, string importId, int index, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Imports,
            Key = new() { [Pk] = S(Key(tenantId, importId)), [Sk] = S(ChunkSk(index)) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? new ImportChunk(index, item[Rows].S) : null;
    }

    public async Task<ImportClaim?> ClaimAsync(DateTimeOffset now, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var nowText = DynamoDbTime.Write(now);
        var candidates = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = tables.Imports,
            IndexName = DynamoDbTables.ByReadyIndex,
            KeyConditionExpression = "#shard = :shard AND #readyAt <= :now",
            ExpressionAttributeNames = new() { ["#shard"] = ReadyShard, ["#readyAt"] = ReadyAt },
            ExpressionAttributeValues = new() { [":shard"] = S(ReadyPartition), [":now"] = S(nowText) },
            Limit = ClaimCandidates,
        }, cancellationToken);

        var leaseUntil = now + lease;
        foreach (var candidate in candidates.Items ?? [])
        {
            try
            {
                // Checked on the item itself: the index may show an import another worker claimed a moment ago.
                var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tables.Imports,
                    Key = new() { [Pk] = candidate[Pk], [Sk] = candidate[Sk] },
                    ConditionExpression = "attribute_exists(#readyAt) AND #readyAt <= :now",
                    UpdateExpression = "SET #status = :running, #owner = :owner, #leaseUntil = :lease, #readyAt = :lease, #updatedAt = :now ADD #attempts :one",
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
                        [":now"] = S(nowText),
                        [":running"] = S(nameof(ImportStatus.Running)),
                        [":owner"] = S(owner),
                        [":lease"] = S(DynamoDbTime.Write(leaseUntil)),
                        [":one"] = N(1),
                    },
                    ReturnValues = ReturnValue.ALL_NEW,
                }, cancellationToken);
                return new ImportClaim(Read(response.Attributes), owner, leaseUntil);
            }
            catch (ConditionalCheckFailedException)
            {
                // Taken or ended since the index was written; try the next.
            }
        }

        return null;
    }

    public async Task<ImportClaim?> SaveProgressAsync(
        ImportClaim claim, ImportProgress progress, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(progress);
        try
        {
            var response = await dynamo.UpdateItemAsync(ClaimedUpdate(
                claim,
                "SET #progress = :progress, #leaseUntil = :newLease, #readyAt = :newLease, #updatedAt = :now",
                new() { ["#progress"] = Progress, ["#readyAt"] = ReadyAt, ["#updatedAt"] = UpdatedAt },
                new()
                {
                    [":progress"] = S(ImportJson.Write(progress)),
                    [":newLease"] = S(DynamoDbTime.Write(leaseUntil)),
                    [":now"] = S(DynamoDbTime.Write(now)),
                },
                ReturnValue.ALL_NEW), cancellationToken);
            return new ImportClaim(Read(response.Attributes), claim.Owner, leaseUntil);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task<bool> CompleteAsync(
        ImportClaim claim, ImportStatus status, ImportProgress progress, string? failureReason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(progress);
        if (status is not (ImportStatus.Completed or ImportStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An import ends Completed or Failed.");
        }

        var names = new Dictionary<string, string>
        {
            ["#progress"] = Progress,
            ["#readyAt"] = ReadyAt,
            ["#readyShard"] = ReadyShard,
            ["#updatedAt"] = UpdatedAt,
            ["#completedAt"] = CompletedAt,
        };
        var values = new Dictionary<string, AttributeValue>
        {
            [":status"] = S(status.ToString()),
            [":progress"] = S(ImportJson.Write(progress)),
            [":now"] = S(DynamoDbTime.Write(now)),
        };
        var set = "SET #status = :status, #progress = :progress, #updatedAt = :now, #completedAt = :now";
        if (failureReason is not null)
        {
            names["#failureReason"] = FailureReason;
            values[":reason"] = S(failureReason);
            set += ", #failureReason = :reason";
        }

        try
        {
            await dynamo.UpdateItemAsync(ClaimedUpdate(claim, set + " REMOVE #readyAt, #readyShard, #owner, #leaseUntil", names, values, ReturnValue.NONE), cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }

        await DeleteItemsAsync(Enumerable.Range(0, claim.Job.ChunkCount).Select(ChunkSk), claim.Job.TenantId, claim.Job.Id, cancellationToken);
        return true;
    }

    public async Task DeleteAsync(string tenantId, string importId, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Imports,
                KeyConditionExpression = "#pk = :pk",
                ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#sk"] = Sk },
                ExpressionAttributeValues = new() { [":pk"] = S(Key(tenantId, importId)) },
                ProjectionExpression = "#sk",
                ExclusiveStartKey = start,
                ConsistentRead = true,
            }, cancellationToken);
            keys.AddRange((page.Items ?? []).Select(item => item[Sk].S));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        await DeleteItemsAsync(keys, tenantId, importId, cancellationToken);
    }

    private UpdateItemRequest ClaimedUpdate(
        ImportClaim claim, string update, Dictionary<string, string> names, Dictionary<string, AttributeValue> values, ReturnValue returnValue)
    {
        names["#status"] = Status;
        names["#owner"] = Owner;
        names["#leaseUntil"] = LeaseUntil;
        values[":running"] = S(nameof(ImportStatus.Running));
        values[":owner"] = S(claim.Owner);
        values[":claimedLease"] = S(DynamoDbTime.Write(claim.LeaseUntil));
        return new UpdateItemRequest
        {
            TableName = tables.Imports,
            Key = JobKey(claim.Job.TenantId, claim.Job.Id),
            ConditionExpression = "#status = :running AND #owner = :owner AND #leaseUntil = :claimedLease",
            UpdateExpression = update,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
            ReturnValues = returnValue,
        };
    }

    private async Task DeleteItemsAsync(IEnumerable<string> sortKeys, string tenantId, string importId, CancellationToken cancellationToken)
    {
        var pk = S(Key(tenantId, importId));
        foreach (var batch in sortKeys.Chunk(BatchWriteSize))
        {
            var requests = batch
                .Select(sk => new WriteRequest { DeleteRequest = new DeleteRequest { Key = new() { [Pk] = pk, [Sk] = S(sk) } } })
                .ToList();
            for (var attempt = 1; requests.Count > 0; attempt++)
            {
                var response = await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest
                {
                    RequestItems = new() { [tables.Imports] = requests },
                }, cancellationToken);
                requests = response.UnprocessedItems?.GetValueOrDefault(tables.Imports) ?? [];
                if (requests.Count > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * (1 << Math.Min(attempt, 5)))), cancellationToken);
                }
            }
        }
    }

    private static ImportJob Read(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[TenantId].S,
        Id = item[Id].S,
        ListId = item[ListId].S,
        Status = Enum.Parse<ImportStatus>(item[Status].S),
        Attempts = int.Parse(item[Attempts].N, CultureInfo.InvariantCulture),
        ConsentStatement = item.GetValueOrDefault(Consent)?.S,
        Ip = item.GetValueOrDefault(Ip)?.S,
        UserAgent = item.GetValueOrDefault(UserAgent)?.S,
        Columns = ImportJson.ReadColumns(item[Columns].S),
        TotalRows = int.Parse(item[TotalRows].N, CultureInfo.InvariantCulture),
        ChunkCount = int.Parse(item[ChunkCount].N, CultureInfo.InvariantCulture),
        Progress = ImportJson.ReadProgress(item[Progress].S),
        FailureReason = item.GetValueOrDefault(FailureReason)?.S,
        CreatedAt = DynamoDbTime.Read(item[CreatedAt].S),
        UpdatedAt = DynamoDbTime.Read(item[UpdatedAt].S),
        CompletedAt = item.GetValueOrDefault(CompletedAt)?.S is { } completed ? DynamoDbTime.Read(completed) : null,
    };

    private static Dictionary<string, AttributeValue> JobKey(string tenantId, string importId) =>
        new() { [Pk] = S(Key(tenantId, importId)), [Sk] = S(JobSk) };

    private static string Key(string tenantId, string importId) => $"IMP#{tenantId}#{importId}";

    private static string ChunkSk(int index) => ChunkSkPrefix + index.ToString("D6", CultureInfo.InvariantCulture);

    private static void AddIfSet(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
