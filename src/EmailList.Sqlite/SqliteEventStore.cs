using System.Globalization;
using System.Text;
using System.Text.Json;
using EmailList.Core.Events;
using EmailList.Core.Webhooks;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>
/// Events in <c>events</c> (with <c>event_recipients</c> and <c>event_tags</c> for the recipient and tag filters) and
/// per-message roll-ups in <c>messages</c>. Writes go through a single connection with prepared statements, concurrent
/// events committed together, each with its roll-up; reads use pooled connections and run alongside (WAL).
/// docs/data-model.md lists the indexes each query uses.
/// </summary>
public sealed class SqliteEventStore(SqliteDatabase database) : IEventStore, IAsyncDisposable, IDisposable
{
    public const int MaxPageSize = 1000;

    private const int PurgeBatchSize = 2000;

    // At most this many queued events go into one transaction, so one commit never holds the write lock for long.
    private const int MaxGroupSize = 512;

    private static readonly IReadOnlyList<WebhookDelivery> NoDeliveries = [];

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _queueLock = new();
    private List<PendingEvent> _queue = [];
    private Task? _flusher;
    private SqliteEventWriter? _writer;

    /// <remarks>
    /// Concurrent calls are committed together (group commit): while one transaction commits, the events that arrive
    /// queue up and go into the next one, each still de-duplicated and rolled up on its own. A transaction that fails
    /// is retried event by event, so one bad event fails only its own call. A caller that gives up (cancellation) may
    /// still find its event stored, which a redelivery then reports as a duplicate.
    /// </remarks>
    public Task<bool> TryAddAsync(SesEvent sesEvent, CancellationToken cancellationToken) =>
        TryAddAsync(sesEvent, [], cancellationToken);

    /// <remarks>
    /// The deliveries go into the event's own transaction (and group commit), inserted only when the event is new: the
    /// event and its outbox rows commit together or not at all.
    /// </remarks>
    public async Task<bool> TryAddAsync(SesEvent sesEvent, IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        WebhookOutboxRules.Check(sesEvent, deliveries);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingEvent(sesEvent, deliveries);
        lock (_queueLock)
        {
            _queue.Add(pending);
            _flusher ??= Task.Run(FlushQueueAsync, CancellationToken.None);
        }

        return await pending.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// <see cref="TryAddAsync"/> for many events in one transaction (bulk loads and batches): the same de-duplication
    /// and roll-up per event, one commit for all. Returns how many were new.
    /// </summary>
    public async Task<int> ImportAsync(IReadOnlyList<SesEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var added = await WriteAsync([.. events.Select(sesEvent => (sesEvent, NoDeliveries))], cancellationToken);
        return added.Count(stored => stored);
    }

    public async Task<SesEvent?> GetAsync(string tenantId, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteEventColumns.Select} FROM events e WHERE e.tenant_id = $tenantId AND e.event_id = $eventId;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$eventId", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteEventColumns.ReadEvent(reader) : null;
    }

    /// <summary>
    /// Newest first. The most selective filter drives the read (message id, then recipient, then tag name and value,
    /// then type, else the time index); the others are checked on the rows it yields. <see cref="ArgumentOutOfRangeException"/>
    /// for a limit outside 1-<see cref="MaxPageSize"/>; <see cref="ArgumentException"/> for a foreign cursor or a tag value without a name.
    /// </summary>
    public async Task<EventPage> QueryAsync(string tenantId, EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxPageSize, nameof(query));
        EventTagRules.Check(query);
        var after = query.Cursor is null ? ((string, string)?)null : EventCursor.Decode(tenantId, query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = BuildQuery(command, tenantId, query, after);
        var items = new List<SesEvent>(Math.Min(query.Limit + 1, 256));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(SqliteEventColumns.ReadEvent(reader));
            }
        }

        if (items.Count <= query.Limit)
        {
            return new EventPage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        return new EventPage(items, EventCursor.Encode(tenantId, query, SqliteTime.Write(last.OccurredAt), last.EventId));
    }

    public async Task<MessageSummary?> GetMessageAsync(string tenantId, string messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteEventColumns.Summary} FROM messages WHERE tenant_id = $tenantId AND message_id = $messageId;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$messageId", messageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteEventColumns.ReadSummary(reader) : null;
    }

    /// <summary>Oldest first; <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>.</summary>
    public async Task<IReadOnlyList<SesEvent>> GetMessageEventsAsync(string tenantId, string messageId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {SqliteEventColumns.Select} FROM events e INDEXED BY events_by_message
            WHERE e.tenant_id = $tenantId AND e.message_id = $messageId
            ORDER BY e.occurred_at, e.event_id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$messageId", messageId);
        command.Parameters.AddWithValue("$limit", limit);
        var items = new List<SesEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(SqliteEventColumns.ReadEvent(reader));
        }

        return items;
    }

    /// <summary>
    /// One covering scan of the tenant's time index (which holds type and recipient count) over the range, grouped by
    /// the hour or day prefix of the time text.
    /// </summary>
    public async Task<IReadOnlyList<EventCount>> CountAsync(
        string tenantId, DateTimeOffset since, DateTimeOffset until, StatsBucket bucket, CancellationToken cancellationToken)
    {
        // "yyyy-MM-ddTHH" or "yyyy-MM-dd": the stored text's prefix is the bucket.
        var prefixLength = bucket == StatsBucket.Hour ? 13 : 10;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT substr(occurred_at, 1, $prefixLength) AS bucket, type, COUNT(*), SUM(recipient_count) FROM events INDEXED BY events_by_time
            WHERE tenant_id = $tenantId AND occurred_at >= $since AND occurred_at < $until
            GROUP BY bucket, type;
            """;
        command.Parameters.AddWithValue("$prefixLength", prefixLength);
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$since", SqliteTime.Write(since));
        command.Parameters.AddWithValue("$until", SqliteTime.Write(until));
        var counts = new List<EventCount>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var start = DateTime.ParseExact(
                    reader.GetString(0), bucket == StatsBucket.Hour ? "yyyy-MM-dd'T'HH" : "yyyy-MM-dd",
                    CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                counts.Add(new EventCount(new DateTimeOffset(start, TimeSpan.Zero), Enum.Parse<SesEventType>(reader.GetString(1)), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        return counts.OrderBy(count => count.BucketStart).ThenBy(count => count.Type).ToList();
    }

    /// <summary>
    /// Reads the tag index when the query names tags (its first required tag, else the group-by tag), else the time
    /// index; groups per bucket, group, type and message first, so each message's recipients count once in
    /// <see cref="TaggedEventCount.MessageRecipients"/>, in the bucket of its first event of the type.
    /// </summary>
    public async Task<IReadOnlyList<TaggedEventCount>> CountAsync(string tenantId, EventCountQuery query, CancellationToken cancellationToken)
    {
        EventTagRules.Check(query);
        if (query.Since >= query.Until)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$since", SqliteTime.Write(query.Since));
        command.Parameters.AddWithValue("$until", SqliteTime.Write(query.Until));
        var required = query.RequiredTags ?? [];
        for (var i = 0; i < required.Count; i++)
        {
            command.Parameters.AddWithValue($"$tagName{i}", required[i].Name);
            command.Parameters.AddWithValue($"$tagValue{i}", required[i].Value);
        }

        if (query.GroupByTag is not null)
        {
            command.Parameters.AddWithValue("$groupTag", query.GroupByTag);
        }

        var bucket = query.Bucket switch
        {
            StatsBucket.Hour => "substr(e.occurred_at, 1, 13)",
            StatsBucket.Day => "substr(e.occurred_at, 1, 10)",
            _ => "''",
        };
        // The driving read and its conditions; every other condition is checked on the event row.
        string source;
        string group = "NULL";
        var where = new StringBuilder();
        if (required.Count > 0)
        {
            source = "event_tags g CROSS JOIN events e ON e.seq = g.event_seq";
            where.Append("g.tenant_id = $tenantId AND g.name = $tagName0 AND g.value = $tagValue0 AND g.occurred_at >= $since AND g.occurred_at < $until");
            for (var i = 1; i < required.Count; i++)
            {
                where.Append(CultureInfo.InvariantCulture,
                    $" AND EXISTS (SELECT 1 FROM json_each(e.tags) t, json_each(t.value) v WHERE t.key = $tagName{i} AND v.value = $tagValue{i})");
            }

            if (query.GroupByTag is not null)
            {
                source += ", json_each(e.tags) gt, json_each(gt.value) gv";
                where.Append(" AND gt.key = $groupTag");
                group = "gv.value";
            }
        }
        else if (query.GroupByTag is not null)
        {
            source = "event_tags g CROSS JOIN events e ON e.seq = g.event_seq";
            where.Append("g.tenant_id = $tenantId AND g.name = $groupTag AND g.occurred_at >= $since AND g.occurred_at < $until");
            group = "g.value";
        }
        else
        {
            source = "events e INDEXED BY events_by_time";
            where.Append("e.occurred_at >= $since AND e.occurred_at < $until");
        }

        where.Append(" AND e.tenant_id = $tenantId");

        // Per bucket, group, type and message; then each message's recipients once, in the bucket of its first such event.
        command.CommandText = $"""
            SELECT bucket, grp, event_type, SUM(events), SUM(recipients), SUM(CASE WHEN bucket = first_bucket THEN most ELSE 0 END) FROM (
                SELECT bucket, grp, event_type, events, recipients,
                       MIN(bucket) OVER message AS first_bucket, MAX(most) OVER message AS most
                FROM (
                    SELECT {bucket} AS bucket, {group} AS grp, e.type AS event_type, e.message_id AS message_id, COUNT(*) AS events,
                           SUM(e.recipient_count) AS recipients, MAX(e.recipient_count) AS most
                    FROM {source}
                    WHERE {where}
                    GROUP BY bucket, grp, event_type, e.message_id)
                WINDOW message AS (PARTITION BY grp, event_type, message_id))
            GROUP BY bucket, grp, event_type;
            """;
        var counts = new List<TaggedEventCount>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var start = query.Bucket switch
                {
                    StatsBucket.Hour => ParseBucket(reader.GetString(0), "yyyy-MM-dd'T'HH"),
                    StatsBucket.Day => ParseBucket(reader.GetString(0), "yyyy-MM-dd"),
                    _ => query.Since.ToUniversalTime(),
                };
                counts.Add(new TaggedEventCount(start, reader.IsDBNull(1) ? null : reader.GetString(1), Enum.Parse<SesEventType>(reader.GetString(2)),
                    reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }

        return counts.OrderBy(count => count.BucketStart).ThenBy(count => count.Group, StringComparer.Ordinal).ThenBy(count => count.Type).ToList();
    }

    private static DateTimeOffset ParseBucket(string text, string format) =>
        new(DateTime.ParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    /// <summary>
    /// Deletes expired events (with their recipient and tag rows) and summaries in batches of <see cref="PurgeBatchSize"/>,
    /// one transaction each, releasing the write lock between batches so ingestion keeps flowing.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = SqliteTime.Write(now);
        var purged = 0;
        while (true)
        {
            var (events, messages) = await PurgeBatchAsync(cutoff, cancellationToken);
            purged += events;
            if (events < PurgeBatchSize && messages < PurgeBatchSize)
            {
                return purged;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? flusher;
        lock (_queueLock)
        {
            flusher = _flusher;
        }

        if (flusher is not null)
        {
            // Queued events are written before the writer goes.
            await flusher;
        }

        await _writeGate.WaitAsync();
        try
        {
            if (_writer is { } writer)
            {
                _writer = null;
                await writer.DisposeAsync();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task FlushQueueAsync()
    {
        while (true)
        {
            List<PendingEvent> group;
            lock (_queueLock)
            {
                if (_queue.Count == 0)
                {
                    _flusher = null;
                    return;
                }

                if (_queue.Count <= MaxGroupSize)
                {
                    group = _queue;
                    _queue = [];
                }
                else
                {
                    group = _queue.GetRange(0, MaxGroupSize);
                    _queue.RemoveRange(0, MaxGroupSize);
                }
            }

            try
            {
                var added = await WriteAsync(group.ConvertAll(pending => (pending.Event, pending.Deliveries)), CancellationToken.None);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Result.TrySetResult(added[i]);
                }
            }
            catch (Exception) when (group.Count > 1)
            {
                // Find the culprit: each event alone, in its own transaction.
                foreach (var pending in group)
                {
                    try
                    {
                        pending.Result.TrySetResult((await WriteAsync([(pending.Event, pending.Deliveries)], CancellationToken.None))[0]);
                    }
                    catch (Exception e)
                    {
                        pending.Result.TrySetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                group[0].Result.TrySetException(e);
            }
        }
    }

    /// <summary>The events in one write transaction; for each, whether it was new.</summary>
    private async Task<bool[]> WriteAsync(List<(SesEvent Event, IReadOnlyList<WebhookDelivery> Deliveries)> events, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var writer = _writer ??= await SqliteEventWriter.OpenAsync(database, cancellationToken);
            try
            {
                // BEGIN IMMEDIATE: take the write lock before reading summaries, so no other host can change them in between.
                using var transaction = writer.Connection.BeginTransaction(deferred: false);
                var added = new bool[events.Count];
                for (var i = 0; i < events.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    added[i] = writer.TryAdd(transaction, events[i].Event, events[i].Deliveries);
                }

                transaction.Commit();
                return added;
            }
            catch
            {
                // A connection in an unknown state is not reused.
                _writer = null;
                await writer.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<(int Events, int Messages)> PurgeBatchAsync(string cutoff, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var writer = _writer ??= await SqliteEventWriter.OpenAsync(database, cancellationToken);
            try
            {
                using var transaction = writer.Connection.BeginTransaction(deferred: false);
                var seqs = new List<long>();
                using (var select = Command(writer.Connection, transaction,
                    "SELECT seq FROM events INDEXED BY events_by_expiry WHERE expires_at < $cutoff ORDER BY expires_at LIMIT $batch;"))
                {
                    select.Parameters.AddWithValue("$cutoff", cutoff);
                    select.Parameters.AddWithValue("$batch", PurgeBatchSize);
                    using var reader = select.ExecuteReader();
                    while (reader.Read())
                    {
                        seqs.Add(reader.GetInt64(0));
                    }
                }

                var doomed = JsonSerializer.Serialize(seqs);
                foreach (var sql in new[]
                {
                    """
                    DELETE FROM event_recipients WHERE (tenant_id, recipient, occurred_at, event_id) IN (
                        SELECT e.tenant_id, r.value, e.occurred_at, e.event_id FROM events e, json_each(e.recipients) r
                        WHERE e.seq IN (SELECT value FROM json_each($seqs)));
                    """,
                    """
                    DELETE FROM event_tags WHERE (tenant_id, name, value, occurred_at, event_id) IN (
                        SELECT e.tenant_id, t.key, v.value, e.occurred_at, e.event_id FROM events e, json_each(e.tags) t, json_each(t.value) v
                        WHERE e.seq IN (SELECT value FROM json_each($seqs)));
                    """,
                    "DELETE FROM events WHERE seq IN (SELECT value FROM json_each($seqs));",
                })
                {
                    using var delete = Command(writer.Connection, transaction, sql);
                    delete.Parameters.AddWithValue("$seqs", doomed);
                    delete.ExecuteNonQuery();
                }

                int messages;
                using (var delete = Command(writer.Connection, transaction, """
                    DELETE FROM messages WHERE (tenant_id, message_id) IN (
                        SELECT tenant_id, message_id FROM messages INDEXED BY messages_by_expiry WHERE expires_at < $cutoff LIMIT $batch);
                    """))
                {
                    delete.Parameters.AddWithValue("$cutoff", cutoff);
                    delete.Parameters.AddWithValue("$batch", PurgeBatchSize);
                    messages = delete.ExecuteNonQuery();
                }

                transaction.Commit();
                return (seqs.Count, messages);
            }
            catch
            {
                _writer = null;
                await writer.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>
    /// Only the clauses in use, with the driving index named, so each shape has one plan that reads about
    /// <c>limit</c> index entries whatever the tenant's size (see docs/data-model.md).
    /// </summary>
    private static string BuildQuery(SqliteCommand command, string tenantId, EventQuery query, (string OccurredAt, string EventId)? after)
    {
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$take", query.Limit + 1);
        // Name-and-value tags (the tag filter and the required tags): the first may drive the read, the rest are checked.
        var valueTags = query.ValueTags();
        var nameOnlyTag = !string.IsNullOrEmpty(query.TagName) && string.IsNullOrEmpty(query.TagValue) ? query.TagName : null;
        if (query.From is { } from)
        {
            command.Parameters.AddWithValue("$from", SqliteTime.Write(from));
        }

        if (query.To is { } to)
        {
            command.Parameters.AddWithValue("$to", SqliteTime.Write(to));
        }

        if (after is { } position)
        {
            command.Parameters.AddWithValue("$afterAt", position.OccurredAt);
            command.Parameters.AddWithValue("$afterId", position.EventId);
        }

        var types = query.Types is { Count: > 0 } set ? set.Select(type => type.ToString()).Order(StringComparer.Ordinal).ToArray() : null;
        if (query.Recipient is not null)
        {
            command.Parameters.AddWithValue("$recipient", query.Recipient);
        }

        if (query.MessageId is not null)
        {
            command.Parameters.AddWithValue("$messageId", query.MessageId);
        }

        if (nameOnlyTag is not null)
        {
            command.Parameters.AddWithValue("$tagName", nameOnlyTag);
        }

        for (var i = 0; i < valueTags.Count; i++)
        {
            command.Parameters.AddWithValue($"$tagName{i}", valueTags[i].Name);
            command.Parameters.AddWithValue($"$tagValue{i}", valueTags[i].Value);
        }

        // The range and position conditions on the driving table's (occurred_at, event_id) columns.
        static string Window(string alias, EventQuery query, bool hasCursor)
        {
            var sql = new StringBuilder();
            if (query.From is not null)
            {
                sql.Append(CultureInfo.InvariantCulture, $" AND {alias}.occurred_at >= $from");
            }

            if (query.To is not null)
            {
                sql.Append(CultureInfo.InvariantCulture, $" AND {alias}.occurred_at < $to");
            }

            if (hasCursor)
            {
                sql.Append(CultureInfo.InvariantCulture, $" AND ({alias}.occurred_at, {alias}.event_id) < ($afterAt, $afterId)");
            }

            return sql.ToString();
        }

        var residual = new StringBuilder();
        void Residual(bool typesChecked, bool recipientChecked, bool tagChecked)
        {
            if (!typesChecked && types is not null)
            {
                command.Parameters.AddWithValue("$types", JsonSerializer.Serialize(types));
                residual.Append(" AND e.type IN (SELECT value FROM json_each($types))");
            }

            if (!recipientChecked && query.Recipient is not null)
            {
                residual.Append("""
                     AND EXISTS (SELECT 1 FROM event_recipients x WHERE x.tenant_id = e.tenant_id AND x.recipient = $recipient
                        AND x.occurred_at = e.occurred_at AND x.event_id = e.event_id)
                    """);
            }

            if (nameOnlyTag is not null)
            {
                residual.Append(" AND EXISTS (SELECT 1 FROM json_each(e.tags) t WHERE t.key = $tagName)");
            }

            // The first value tag is checked by the read when it drives it.
            for (var i = tagChecked ? 1 : 0; i < valueTags.Count; i++)
            {
                residual.Append(CultureInfo.InvariantCulture,
                    $" AND EXISTS (SELECT 1 FROM json_each(e.tags) t, json_each(t.value) v WHERE t.key = $tagName{i} AND v.value = $tagValue{i})");
            }
        }

        const string newest = "ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT $take";
        var hasCursor = after is not null;
        if (query.MessageId is not null)
        {
            Residual(false, false, false);
            return $"""
                SELECT {SqliteEventColumns.Select} FROM events e INDEXED BY events_by_message
                WHERE e.tenant_id = $tenantId AND e.message_id = $messageId{Window("e", query, hasCursor)}{residual}
                {newest};
                """;
        }

        if (query.Recipient is not null)
        {
            Residual(false, true, false);
            return $"""
                SELECT {SqliteEventColumns.Select} FROM event_recipients r CROSS JOIN events e ON e.seq = r.event_seq
                WHERE r.tenant_id = $tenantId AND r.recipient = $recipient{Window("r", query, hasCursor)}{residual}
                ORDER BY r.occurred_at DESC, r.event_id DESC LIMIT $take;
                """;
        }

        if (valueTags.Count > 0)
        {
            Residual(false, true, true);
            return $"""
                SELECT {SqliteEventColumns.Select} FROM event_tags g CROSS JOIN events e ON e.seq = g.event_seq
                WHERE g.tenant_id = $tenantId AND g.name = $tagName0 AND g.value = $tagValue0{Window("g", query, hasCursor)}{residual}
                ORDER BY g.occurred_at DESC, g.event_id DESC LIMIT $take;
                """;
        }

        if (types is not null)
        {
            // One index range per type, each cut at the page size, merged: reads at most types x (limit + 1) entries.
            Residual(true, true, false);
            var window = Window("e", query, hasCursor);
            var parts = types.Select((type, i) =>
            {
                command.Parameters.AddWithValue($"$type{i}", type);
                return $"""
                    SELECT * FROM (SELECT {SqliteEventColumns.Select} FROM events e INDEXED BY events_by_type
                    WHERE e.tenant_id = $tenantId AND e.type = $type{i}{window}{residual} {newest})
                    """;
            });
            return types.Length == 1
                ? parts.Single() + ";"
                : $"SELECT * FROM ({string.Join(" UNION ALL ", parts)}) ORDER BY occurred_at DESC, event_id DESC LIMIT $take;";
        }

        Residual(true, true, false);
        return $"""
            SELECT {SqliteEventColumns.Select} FROM events e INDEXED BY events_by_time
            WHERE e.tenant_id = $tenantId{Window("e", query, hasCursor)}{residual}
            {newest};
            """;
    }

    private sealed class PendingEvent(SesEvent sesEvent, IReadOnlyList<WebhookDelivery> deliveries)
    {
        public SesEvent Event { get; } = sesEvent;

        public IReadOnlyList<WebhookDelivery> Deliveries { get; } = deliveries;

        public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
