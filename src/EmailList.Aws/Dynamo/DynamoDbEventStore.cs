using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Events;
using EmailList.Core.Webhooks;
using static EmailList.Aws.Dynamo.DynamoDbEventItems;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// Events in <c>&lt;prefix&gt;events</c> (partition = tenant id; event items keyed <c>&lt;occurredAt&gt;#&lt;eventId&gt;</c>,
/// a de-duplication item <c>EVT#&lt;eventId&gt;</c>, a small item per recipient for the <c>by-recipient</c> index) and
/// roll-ups in <c>&lt;prefix&gt;messages</c> (partition = tenant id, sort = message id). Expiry is the tables' TTL on
/// <c>expiresAt</c>. docs/data-model.md describes every access pattern and its cost.
/// </summary>
/// <remarks>
/// TryAddAsync works without transactions (so it runs on dynalite too) and is safe to repeat at any point:
/// (1) claim the id with a conditional put of the de-duplication item (state <c>pending</c>); (2) write the event and
/// recipient items (idempotent overwrites); (3) fold the event into the summary with an optimistic <c>version</c>
/// condition, the summary listing the ids it has applied, so a retry after a crash never counts twice;
/// (4) mark the claim <c>done</c>. A redelivery that finds a <c>done</c> claim changes nothing; one that finds a
/// <c>pending</c> claim (a crashed or concurrent first attempt) completes steps 2-4 and still answers false.
/// </remarks>
public sealed class DynamoDbEventStore(IAmazonDynamoDB dynamo, DynamoDbTables tables, TimeProvider time) : IEventStore
{
    public const int MaxPageSize = 1000;

    private const string Done = "done";
    private const string Pending = "pending";
    private const int BatchWriteSize = 25;
    private const int BatchGetSize = 100;
    private const int MaxAttempts = 10;

    // Event sort keys start with the year's digits; the other item kinds start with letters, above this bound.
    private const string LowestPosition = "0";
    private const string HighestPosition = "A";

    private readonly DynamoDbWebhookDeliveryStore _outbox = new(dynamo, tables, time);

    public Task<bool> TryAddAsync(SesEvent sesEvent, CancellationToken cancellationToken) =>
        TryAddAsync(sesEvent, [], cancellationToken);

    /// <remarks>
    /// The deliveries are written as step (2a), after the id is claimed and before the event's own items, with
    /// conditional puts (an existing delivery is never overwritten) and their webhooks' work items noted. So they are
    /// written only for a new event, and a stored event (claim <c>done</c>) always has them; a crash part-way leaves a
    /// <c>pending</c> claim that the sender's redelivery completes, deliveries included. A dispatcher may deliver
    /// such a delivery before its event shows in <c>/events</c>; never the other way round.
    /// </remarks>
    public async Task<bool> TryAddAsync(SesEvent sesEvent, IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        WebhookOutboxRules.Check(sesEvent, deliveries);
        var position = Position(sesEvent);
        var claimed = true;
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.Events,
                Item = new()
                {
                    [Pk] = S(sesEvent.TenantId),
                    [Sk] = S(DedupeSk(sesEvent.EventId)),
                    [EventSk] = S(position),
                    [State] = S(Pending),
                    [ExpiresAt] = Epoch(sesEvent.ExpiresAt),
                },
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            var claim = await GetDedupeAsync(sesEvent.TenantId, sesEvent.EventId, cancellationToken);
            if (claim is null || claim[State].S == Done)
            {
                return false;
            }

            claimed = false;
            position = claim[EventSk].S;
        }

        var stored = sesEvent;
        if (position != Position(sesEvent))
        {
            // The first attempt keyed the event by its own time; finish under that key.
            stored = sesEvent with { OccurredAt = DynamoDbTime.Read(position[..position.IndexOf('#', StringComparison.Ordinal)]) };
        }

        if (deliveries.Count > 0)
        {
            await Task.WhenAll(deliveries.Select(delivery => _outbox.TryPutAsync(delivery, cancellationToken)));
            await _outbox.NoteReadyAsync(deliveries, cancellationToken);
        }

        var items = new List<Dictionary<string, AttributeValue>> { EventItem(stored) };
        items.AddRange(stored.Recipients.Distinct(StringComparer.Ordinal).Select(recipient => RecipientItem(stored, recipient)));
        await BatchWriteAsync(items, cancellationToken);
        await ApplyToSummaryAsync(stored, cancellationToken);
        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tables.Events,
            Key = new() { [Pk] = S(sesEvent.TenantId), [Sk] = S(DedupeSk(sesEvent.EventId)) },
            UpdateExpression = "SET #state = :done",
            ExpressionAttributeNames = new() { ["#state"] = State },
            ExpressionAttributeValues = new() { [":done"] = S(Done) },
        }, cancellationToken);
        return claimed;
    }

    public async Task<SesEvent?> GetAsync(string tenantId, string eventId, CancellationToken cancellationToken)
    {
        var claim = await GetDedupeAsync(tenantId, eventId, cancellationToken);
        if (claim is null)
        {
            return null;
        }

        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Events,
            Key = new() { [Pk] = S(tenantId), [Sk] = S(claim[EventSk].S) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ReadEvent(item) : null;
    }

    /// <summary>
    /// Newest first. A message id reads the <c>by-message</c> index, a recipient the <c>by-recipient</c> index (then the
    /// events by key), anything else the tenant's partition in time order; the time range is part of the key condition,
    /// the other filters are checked on what is read. <see cref="ArgumentOutOfRangeException"/> for a limit outside
    /// 1-<see cref="MaxPageSize"/>; <see cref="ArgumentException"/> for a foreign cursor or a tag value without a name.
    /// </summary>
    public async Task<EventPage> QueryAsync(string tenantId, EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxPageSize, nameof(query));
        EventTagRules.Check(query);
        var after = query.Cursor is null ? ((string OccurredAt, string EventId)?)null : EventCursor.Decode(tenantId, query);
        var lower = query.From is { } from ? DynamoDbTime.Write(from) : LowestPosition;
        var upper = query.To is { } to ? DynamoDbTime.Write(to) : HighestPosition;
        if (string.CompareOrdinal(lower, upper) >= 0)
        {
            // An empty range; DynamoDB refuses BETWEEN with its bounds reversed.
            return new EventPage([], null);
        }

        var request = new QueryRequest
        {
            TableName = tables.Events,
            ScanIndexForward = false,
            ExpressionAttributeNames = new() { ["#partition"] = Pk, ["#position"] = Sk },
            ExpressionAttributeValues = new() { [":partition"] = S(tenantId), [":lower"] = S(lower), [":upper"] = S(upper) },
            KeyConditionExpression = "#partition = :partition AND #position BETWEEN :lower AND :upper",
            ConsistentRead = true,
        };
        var byRecipient = false;
        if (query.MessageId is not null)
        {
            request.IndexName = DynamoDbTables.ByMessageIndex;
            request.ConsistentRead = false;
            request.ExpressionAttributeNames["#partition"] = MessageKey;
            request.ExpressionAttributeValues[":partition"] = S(MessageKeyOf(tenantId, query.MessageId));
            if (after is { } position)
            {
                request.ExclusiveStartKey = new()
                {
                    [Pk] = S(tenantId),
                    [Sk] = S(Position(position.OccurredAt, position.EventId)),
                    [MessageKey] = S(MessageKeyOf(tenantId, query.MessageId)),
                };
            }
        }
        else if (query.Recipient is not null)
        {
            byRecipient = true;
            request.IndexName = DynamoDbTables.ByRecipientIndex;
            request.ConsistentRead = false;
            request.ExpressionAttributeNames["#partition"] = RecipientKey;
            request.ExpressionAttributeNames["#position"] = At;
            request.ExpressionAttributeValues[":partition"] = S(RecipientKeyOf(tenantId, query.Recipient));
            if (after is { } position)
            {
                request.ExclusiveStartKey = new()
                {
                    [Pk] = S(tenantId),
                    [Sk] = S(RecipientSk(position.EventId, query.Recipient)),
                    [RecipientKey] = S(RecipientKeyOf(tenantId, query.Recipient)),
                    [At] = S(Position(position.OccurredAt, position.EventId)),
                };
            }
        }
        else if (after is { } position)
        {
            request.ExclusiveStartKey = new() { [Pk] = S(tenantId), [Sk] = S(Position(position.OccurredAt, position.EventId)) };
        }

        // One more than asked for tells whether another page exists, so the last page never comes back empty.
        var wanted = query.Limit + 1;
        var items = new List<SesEvent>(Math.Min(wanted, 256));
        do
        {
            // Filters are checked after the read, so read ahead a little when there are any.
            request.Limit = Math.Min(MaxPageSize, HasResidualFilters(query) ? Math.Max(wanted * 2, 100) : wanted - items.Count);
            var response = await dynamo.QueryAsync(request, cancellationToken);
            var page = response.Items ?? [];
            var events = byRecipient ? await LoadRecipientEventsAsync(tenantId, query, page, cancellationToken) : page.Select(ReadEvent);
            foreach (var sesEvent in events)
            {
                if (Matches(sesEvent, tenantId, query) && items.Count < wanted)
                {
                    items.Add(sesEvent);
                }
            }

            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null && items.Count < wanted);

        if (items.Count <= query.Limit)
        {
            return new EventPage(items, null);
        }

        items.RemoveRange(query.Limit, items.Count - query.Limit);
        var last = items[^1];
        return new EventPage(items, EventCursor.Encode(tenantId, query, DynamoDbTime.Write(last.OccurredAt), last.EventId));
    }

    public async Task<MessageSummary?> GetMessageAsync(string tenantId, string messageId, CancellationToken cancellationToken)
    {
        var item = await GetSummaryItemAsync(tenantId, messageId, cancellationToken);
        return item is null ? null : ReadSummary(item);
    }

    /// <summary>Oldest first, from the <c>by-message</c> index (eventually consistent); <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>.</summary>
    public async Task<IReadOnlyList<SesEvent>> GetMessageEventsAsync(string tenantId, string messageId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var events = new List<SesEvent>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Events,
                IndexName = DynamoDbTables.ByMessageIndex,
                KeyConditionExpression = "#message = :message",
                ExpressionAttributeNames = new() { ["#message"] = MessageKey },
                ExpressionAttributeValues = new() { [":message"] = S(MessageKeyOf(tenantId, messageId)) },
                ScanIndexForward = true,
                ExclusiveStartKey = start,
                Limit = limit - events.Count,
            }, cancellationToken);
            events.AddRange((response.Items ?? []).Select(ReadEvent).Where(e => e.TenantId == tenantId));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && events.Count < limit);

        return events;
    }

    /// <summary>
    /// Reads the keys, types and recipients of the tenant's events in the range (a key-range query, projection
    /// <c>sk, type, recipients</c>) and counts them here.
    /// </summary>
    public async Task<IReadOnlyList<EventCount>> CountAsync(
        string tenantId, DateTimeOffset since, DateTimeOffset until, StatsBucket bucket, CancellationToken cancellationToken)
    {
        var prefixLength = bucket == StatsBucket.Hour ? 13 : 10;
        var counts = new Dictionary<(string Bucket, SesEventType Type), (long Events, long Recipients)>();
        if (since >= until)
        {
            return [];
        }

        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Events,
                KeyConditionExpression = "#pk = :tenant AND #sk BETWEEN :lower AND :upper",
                ProjectionExpression = "#sk, #type, #recipients",
                ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#sk"] = Sk, ["#type"] = EventType, ["#recipients"] = RecipientsAttribute },
                ExpressionAttributeValues = new()
                {
                    [":tenant"] = S(tenantId),
                    [":lower"] = S(DynamoDbTime.Write(since)),
                    [":upper"] = S(DynamoDbTime.Write(until)),
                },
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                var key = (item[Sk].S[..prefixLength], Enum.Parse<SesEventType>(item[EventType].S));
                var (events, recipients) = counts.GetValueOrDefault(key);
                counts[key] = (events + 1, recipients + (item.GetValueOrDefault(RecipientsAttribute)?.L?.Count ?? 0));
            }

            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        var format = bucket == StatsBucket.Hour ? "yyyy-MM-dd'T'HH" : "yyyy-MM-dd";
        return counts
            .Select(count => new EventCount(
                new DateTimeOffset(DateTime.ParseExact(count.Key.Bucket, format, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), TimeSpan.Zero),
                count.Key.Type,
                count.Value.Events,
                count.Value.Recipients))
            .OrderBy(count => count.BucketStart).ThenBy(count => count.Type)
            .ToList();
    }

    /// <summary>
    /// The same key-range read as the plain counts, with each event's message id and tags; the tag filters and the
    /// grouping are applied here.
    /// </summary>
    public async Task<IReadOnlyList<TaggedEventCount>> CountAsync(string tenantId, EventCountQuery query, CancellationToken cancellationToken)
    {
        EventTagRules.Check(query);
        if (query.Since >= query.Until)
        {
            return [];
        }

        var prefixLength = query.Bucket switch { StatsBucket.Hour => 13, StatsBucket.Day => 10, _ => 0 };
        // Per bucket, group, type and message: its events, their recipients, and the most any of them named.
        var perMessage = new Dictionary<(string Bucket, string? Group, SesEventType Type, string MessageId), (long Events, long Recipients, long Most)>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Events,
                KeyConditionExpression = "#pk = :tenant AND #sk BETWEEN :lower AND :upper",
                ProjectionExpression = "#sk, #type, #recipients, #messageId, #tags",
                ExpressionAttributeNames = new()
                {
                    ["#pk"] = Pk,
                    ["#sk"] = Sk,
                    ["#type"] = EventType,
                    ["#recipients"] = RecipientsAttribute,
                    ["#messageId"] = MessageIdAttribute,
                    ["#tags"] = TagsAttribute,
                },
                ExpressionAttributeValues = new()
                {
                    [":tenant"] = S(tenantId),
                    [":lower"] = S(DynamoDbTime.Write(query.Since)),
                    [":upper"] = S(DynamoDbTime.Write(query.Until)),
                },
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                // The range's upper bound is the position "until" itself: an event at exactly that time sorts after it, as it should.
                var tags = item.GetValueOrDefault(TagsAttribute)?.M ?? [];
                if (query.RequiredTags is { } required
                    && !required.All(tag => tags.TryGetValue(tag.Name, out var values) && (values.L ?? []).Any(v => v.S == tag.Value)))
                {
                    continue;
                }

                IEnumerable<string?> groups = [null];
                if (query.GroupByTag is { } groupTag)
                {
                    groups = tags.TryGetValue(groupTag, out var groupValues) ? (groupValues.L ?? []).Select(v => v.S).Distinct(StringComparer.Ordinal) : [];
                }

                var recipients = item.GetValueOrDefault(RecipientsAttribute)?.L?.Count ?? 0;
                foreach (var group in groups)
                {
                    var key = (item[Sk].S[..prefixLength], group, Enum.Parse<SesEventType>(item[EventType].S), item.GetValueOrDefault(MessageIdAttribute)?.S ?? "");
                    var (events, sum, most) = perMessage.GetValueOrDefault(key);
                    perMessage[key] = (events + 1, sum + recipients, Math.Max(most, recipients));
                }
            }

            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        // Each message's recipients count once, in the bucket of its first event of the type (bucket texts sort by time).
        var firstBucket = perMessage
            .GroupBy(entry => (entry.Key.Group, entry.Key.Type, entry.Key.MessageId))
            .ToDictionary(
                message => message.Key,
                message => (Bucket: message.Select(entry => entry.Key.Bucket).Min(StringComparer.Ordinal)!, Most: message.Max(entry => entry.Value.Most)));
        var format = query.Bucket == StatsBucket.Hour ? "yyyy-MM-dd'T'HH" : "yyyy-MM-dd";
        return perMessage
            .GroupBy(entry => (entry.Key.Bucket, entry.Key.Group, entry.Key.Type))
            .Select(counts => new TaggedEventCount(
                query.Bucket is null
                    ? query.Since.ToUniversalTime()
                    : new DateTimeOffset(DateTime.ParseExact(counts.Key.Bucket, format, System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), TimeSpan.Zero),
                counts.Key.Group,
                counts.Key.Type,
                counts.Sum(entry => entry.Value.Events),
                counts.Sum(entry => entry.Value.Recipients),
                counts.Sum(entry => firstBucket[(entry.Key.Group, entry.Key.Type, entry.Key.MessageId)] is var first && first.Bucket == entry.Key.Bucket ? first.Most : 0)))
            .OrderBy(count => count.BucketStart).ThenBy(count => count.Group, StringComparer.Ordinal).ThenBy(count => count.Type)
            .ToList();
    }

    /// <summary>Nothing to do: DynamoDB's TTL on <c>expiresAt</c> deletes expired items (usually within days of expiry), at no write cost.</summary>
    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);

    private static bool HasResidualFilters(EventQuery query) =>
        query.Types is { Count: > 0 } || !string.IsNullOrEmpty(query.TagName) || query.RequiredTags is { Count: > 0 }
        || (query.MessageId is not null && query.Recipient is not null);

    private static bool Matches(SesEvent sesEvent, string tenantId, EventQuery query) =>
        sesEvent.TenantId == tenantId
        && (query.Types is not { Count: > 0 } || query.Types.Contains(sesEvent.Type))
        && (query.Recipient is null || sesEvent.Recipients.Contains(query.Recipient, StringComparer.Ordinal))
        && (query.MessageId is null || sesEvent.MessageId == query.MessageId)
        && (string.IsNullOrEmpty(query.TagName)
            || (sesEvent.Tags.TryGetValue(query.TagName, out var values)
                && (string.IsNullOrEmpty(query.TagValue) || values.Contains(query.TagValue, StringComparer.Ordinal))))
        && HasTags(sesEvent.Tags, query.RequiredTags);

    private static bool HasTags(IReadOnlyDictionary<string, IReadOnlyList<string>> tags, IReadOnlyList<EventTagFilter>? required) =>
        required is null || required.All(tag => tags.TryGetValue(tag.Name, out var values) && values.Contains(tag.Value, StringComparer.Ordinal));

    /// <summary>The events the recipient items point at, in the items' order; types are checked on the items first to save reads.</summary>
    private async Task<IEnumerable<SesEvent>> LoadRecipientEventsAsync(
        string tenantId, EventQuery query, List<Dictionary<string, AttributeValue>> links, CancellationToken cancellationToken)
    {
        var positions = links
            .Where(link => query.Types is not { Count: > 0 } || query.Types.Contains(Enum.Parse<SesEventType>(link[EventType].S)))
            .Select(link => link[At].S)
            .ToList();
        var found = new Dictionary<string, SesEvent>(StringComparer.Ordinal);
        foreach (var chunk in positions.Chunk(BatchGetSize))
        {
            var keys = chunk.Select(position => new Dictionary<string, AttributeValue> { [Pk] = S(tenantId), [Sk] = S(position) }).ToList();
            for (var attempt = 1; keys.Count > 0; attempt++)
            {
                var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new() { [tables.Events] = new KeysAndAttributes { Keys = keys, ConsistentRead = true } },
                }, cancellationToken);
                foreach (var item in response.Responses?.GetValueOrDefault(tables.Events) ?? [])
                {
                    found[item[Sk].S] = ReadEvent(item);
                }

                keys = response.UnprocessedKeys?.GetValueOrDefault(tables.Events)?.Keys ?? [];
                await BackOffAsync(keys.Count, attempt, "event reads", cancellationToken);
            }
        }

        return positions.Where(found.ContainsKey).Select(position => found[position]);
    }

    private async Task BatchWriteAsync(List<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        foreach (var chunk in items.Chunk(BatchWriteSize))
        {
            var requests = chunk.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList();
            for (var attempt = 1; requests.Count > 0; attempt++)
            {
                var response = await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest
                {
                    RequestItems = new() { [tables.Events] = requests },
                }, cancellationToken);
                requests = response.UnprocessedItems?.GetValueOrDefault(tables.Events) ?? [];
                await BackOffAsync(requests.Count, attempt, "event writes", cancellationToken);
            }
        }
    }

    /// <summary>Read, fold, conditional put on the version read; a concurrent writer makes the put fail and the loop read again.</summary>
    private async Task ApplyToSummaryAsync(SesEvent sesEvent, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var item = await GetSummaryItemAsync(sesEvent.TenantId, sesEvent.MessageId, cancellationToken);
            var applied = item?.GetValueOrDefault(Applied)?.SS ?? [];
            if (applied.Contains(sesEvent.EventId, StringComparer.Ordinal))
            {
                return;
            }

            var version = item is null ? 0 : long.Parse(item[SummaryVersion].N, System.Globalization.CultureInfo.InvariantCulture);
            var summary = MessageRollup.Apply(item is null ? null : ReadSummary(item), sesEvent);
            var request = new PutItemRequest
            {
                TableName = tables.Messages,
                Item = SummaryItem(summary, version + 1, applied.Append(sesEvent.EventId)),
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            };
            if (item is null)
            {
                request.ConditionExpression = "attribute_not_exists(#pk)";
            }
            else
            {
                request.ConditionExpression = "#version = :version";
                request.ExpressionAttributeNames = new() { ["#version"] = SummaryVersion };
                request.ExpressionAttributeValues = new() { [":version"] = N(version) };
            }

            try
            {
                await dynamo.PutItemAsync(request, cancellationToken);
                return;
            }
            catch (ConditionalCheckFailedException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), time, cancellationToken);
            }
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetSummaryItemAsync(string tenantId, string messageId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Messages,
            Key = new() { [Pk] = S(tenantId), [Sk] = S(messageId) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async Task<Dictionary<string, AttributeValue>?> GetDedupeAsync(string tenantId, string eventId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Events,
            Key = new() { [Pk] = S(tenantId), [Sk] = S(DedupeSk(eventId)) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async Task BackOffAsync(int left, int attempt, string what, CancellationToken cancellationToken)
    {
        if (left == 0)
        {
            return;
        }

        if (attempt == MaxAttempts)
        {
            throw new InvalidOperationException($"DynamoDB left {left} {what} unprocessed after {MaxAttempts} attempts (throttling); retry later.");
        }

        var delay = TimeSpan.FromMilliseconds(Math.Min(1000, 25 * (1 << attempt)) * (0.5 + Random.Shared.NextDouble() / 2));
        await Task.Delay(delay, time, cancellationToken);
    }
}
