using EmailList.Core.Broadcasts;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>
/// Broadcasts in the <c>broadcasts</c> table. Status changes are conditional on the version read; the expansion lease,
/// cursor and progress are written by their own statements, so neither overwrites the other.
/// </summary>
public sealed class SqliteBroadcastStore(SqliteDatabase database) : IBroadcastStore
{
    private const string Columns =
        "tenant_id, id, list_id, name, from_address, reply_to, content, segment, status, scheduled_at, started_at, completed_at, pause_reason, "
        + "expansion_cursor, expanded, queued, sent, skipped, failed, rate, progress_at, created_at, updated_at, version, guard_acknowledged_at";

    public async Task AddAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO broadcasts ({Columns}, active)
            VALUES ($tenantId, $id, $listId, $name, $from, $replyTo, $content, $segment, $status, $scheduledAt, $startedAt, $completedAt, $pauseReason,
                $cursor, $expanded, $queued, $sent, $skipped, $failed, $rate, $progressAt, $createdAt, $updatedAt, $version, $guardAcknowledgedAt, $active);
            """;
        AddFields(command, broadcast);
        command.Parameters.AddWithValue("$version", broadcast.Version);
        command.Parameters.AddWithValue("$cursor", (object?)broadcast.ExpansionCursor ?? DBNull.Value);
        command.Parameters.AddWithValue("$expanded", broadcast.Expanded ? 1 : 0);
        AddProgress(command, broadcast.Progress);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Broadcast?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM broadcasts WHERE tenant_id = $tenantId AND id = $id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        var read = await ReadAllAsync(command, cancellationToken);
        return read.Count == 0 ? null : read[0];
    }

    public async Task<BroadcastPage> ListAsync(string tenantId, BroadcastQuery query, CancellationToken cancellationToken)
    {
        var range = BroadcastRange.From(tenantId, query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM broadcasts WHERE tenant_id = $tenantId AND id > $after ORDER BY id LIMIT $take;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$after", range.After ?? string.Empty);
        command.Parameters.AddWithValue("$take", range.Take);
        return range.ToPage(await ReadAllAsync(command, cancellationToken));
    }

    public async Task<bool> TryUpdateAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE broadcasts SET list_id = $listId, name = $name, from_address = $from, reply_to = $replyTo, content = $content, segment = $segment,
                status = $status, scheduled_at = $scheduledAt, started_at = $startedAt, completed_at = $completedAt, pause_reason = $pauseReason,
                guard_acknowledged_at = $guardAcknowledgedAt, updated_at = $updatedAt, active = $active, version = version + 1
            WHERE tenant_id = $tenantId AND id = $id AND version = $version;
            """;
        AddFields(command, broadcast);
        command.Parameters.AddWithValue("$version", broadcast.Version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteDraftAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM broadcasts WHERE tenant_id = $tenantId AND id = $id AND status = '{nameof(BroadcastStatus.Draft)}';";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<Broadcast>> ListActiveAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM broadcasts INDEXED BY broadcasts_active WHERE active = 1 ORDER BY id LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<bool> TryLeaseExpansionAsync(
        string tenantId, string id, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE broadcasts SET expansion_owner = $owner, expansion_lease_until = $leaseUntil
            WHERE tenant_id = $tenantId AND id = $id AND status = '{nameof(BroadcastStatus.Sending)}' AND expanded = 0
              AND (expansion_owner IS NULL OR expansion_owner = $owner OR expansion_lease_until <= $now);
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
        command.Parameters.AddWithValue("$leaseUntil", SqliteTime.Write(leaseUntil));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> WriteExpansionAsync(string tenantId, string id, string owner, string? cursor, bool expanded, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE broadcasts SET expansion_cursor = $cursor, expanded = $expanded,
                expansion_owner = CASE WHEN $expanded = 1 THEN NULL ELSE expansion_owner END,
                expansion_lease_until = CASE WHEN $expanded = 1 THEN NULL ELSE expansion_lease_until END
            WHERE tenant_id = $tenantId AND id = $id AND expansion_owner = $owner;
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$cursor", (object?)cursor ?? DBNull.Value);
        command.Parameters.AddWithValue("$expanded", expanded ? 1 : 0);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task WriteProgressAsync(string tenantId, string id, BroadcastProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE broadcasts SET queued = $queued, sent = $sent, skipped = $skipped, failed = $failed, rate = $rate, progress_at = $progressAt
            WHERE tenant_id = $tenantId AND id = $id;
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        AddProgress(command, progress);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddFields(SqliteCommand command, Broadcast b)
    {
        command.Parameters.AddWithValue("$tenantId", b.TenantId);
        command.Parameters.AddWithValue("$id", b.Id);
        command.Parameters.AddWithValue("$listId", b.ListId);
        command.Parameters.AddWithValue("$name", b.Name);
        command.Parameters.AddWithValue("$from", b.From);
        command.Parameters.AddWithValue("$replyTo", (object?)b.ReplyTo ?? DBNull.Value);
        command.Parameters.AddWithValue("$content", BroadcastContentJson.Serialize(b.Content));
        command.Parameters.AddWithValue("$segment", (object?)b.Segment ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", b.Status.ToString());
        command.Parameters.AddWithValue("$scheduledAt", Time(b.ScheduledAt));
        command.Parameters.AddWithValue("$startedAt", Time(b.StartedAt));
        command.Parameters.AddWithValue("$completedAt", Time(b.CompletedAt));
        command.Parameters.AddWithValue("$pauseReason", (object?)b.PauseReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$guardAcknowledgedAt", Time(b.GuardAcknowledgedAt));
        command.Parameters.AddWithValue("$createdAt", SqliteTime.Write(b.CreatedAt));
        command.Parameters.AddWithValue("$updatedAt", SqliteTime.Write(b.UpdatedAt));
        command.Parameters.AddWithValue("$active", b.IsActive ? 1 : 0);
    }

    private static void AddProgress(SqliteCommand command, BroadcastProgress p)
    {
        command.Parameters.AddWithValue("$queued", p.Queued);
        command.Parameters.AddWithValue("$sent", p.Sent);
        command.Parameters.AddWithValue("$skipped", p.Skipped);
        command.Parameters.AddWithValue("$failed", p.Failed);
        command.Parameters.AddWithValue("$rate", p.RatePerSecond);
        command.Parameters.AddWithValue("$progressAt", Time(p.At));
    }

    private static object Time(DateTimeOffset? value) => value is { } v ? SqliteTime.Write(v) : DBNull.Value;

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : SqliteTime.Read(reader.GetString(ordinal));

    private static async Task<List<Broadcast>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var read = new List<Broadcast>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read.Add(new Broadcast
            {
                TenantId = reader.GetString(0),
                Id = reader.GetString(1),
                ListId = reader.GetString(2),
                Name = reader.GetString(3),
                From = reader.GetString(4),
                ReplyTo = reader.IsDBNull(5) ? null : reader.GetString(5),
                Content = BroadcastContentJson.Deserialize(reader.GetString(6)),
                Segment = reader.IsDBNull(7) ? null : reader.GetString(7),
                Status = Enum.Parse<BroadcastStatus>(reader.GetString(8)),
                ScheduledAt = Time(reader, 9),
                StartedAt = Time(reader, 10),
                CompletedAt = Time(reader, 11),
                PauseReason = reader.IsDBNull(12) ? null : reader.GetString(12),
                ExpansionCursor = reader.IsDBNull(13) ? null : reader.GetString(13),
                Expanded = reader.GetInt64(14) != 0,
                Progress = new BroadcastProgress(reader.GetInt32(15), reader.GetInt32(16), reader.GetInt32(17), reader.GetInt32(18), reader.GetDouble(19), Time(reader, 20)),
                CreatedAt = SqliteTime.Read(reader.GetString(21)),
                UpdatedAt = SqliteTime.Read(reader.GetString(22)),
                Version = reader.GetInt64(23),
                GuardAcknowledgedAt = Time(reader, 24),
            });
        }

        return read;
    }
}
