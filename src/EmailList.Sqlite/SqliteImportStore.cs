using EmailList.Core.Lists;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>
/// CSV imports in the <c>imports</c> table and their uploaded rows in <c>import_chunks</c>. A claim runs in one write
/// transaction (SQLite has one writer), so two workers never take the same import; every later write is conditional
/// on the claim's owner and lease.
/// </summary>
public sealed class SqliteImportStore(SqliteDatabase database) : IImportStore
{
    private const string Columns =
        "tenant_id, id, list_id, status, attempts, consent_statement, ip, user_agent, columns, total_rows, chunk_count, progress, failure_reason, created_at, updated_at, completed_at";

    public async Task AddChunkAsync(string tenantId, string importId, ImportChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO import_chunks (tenant_id, import_id, chunk_index, rows) VALUES ($tenantId, $importId, $index, $rows)
            ON CONFLICT (tenant_id, import_id, chunk_index) DO UPDATE SET rows = excluded.rows;
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$importId", importId);
        command.Parameters.AddWithValue("$index", chunk.Index);
        command.Parameters.AddWithValue("$rows", chunk.Rows);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO imports ({Columns}, ready_at)
            VALUES ($tenantId, $id, $listId, $status, 0, $consent, $ip, $userAgent, $columns, $totalRows, $chunkCount, $progress, NULL, $createdAt, $updatedAt, NULL, $createdAt);
            """;
        command.Parameters.AddWithValue("$tenantId", job.TenantId);
        command.Parameters.AddWithValue("$id", job.Id);
        command.Parameters.AddWithValue("$listId", job.ListId);
        command.Parameters.AddWithValue("$status", nameof(ImportStatus.Queued));
        command.Parameters.AddWithValue("$consent", (object?)job.ConsentStatement ?? DBNull.Value);
        command.Parameters.AddWithValue("$ip", (object?)job.Ip ?? DBNull.Value);
        command.Parameters.AddWithValue("$userAgent", (object?)job.UserAgent ?? DBNull.Value);
        command.Parameters.AddWithValue("$columns", ImportJson.Write(job.Columns));
        command.Parameters.AddWithValue("$totalRows", job.TotalRows);
        command.Parameters.AddWithValue("$chunkCount", job.ChunkCount);
        command.Parameters.AddWithValue("$progress", ImportJson.Write(ImportProgress.None));
        command.Parameters.AddWithValue("$createdAt", SqliteTime.Write(job.CreatedAt));
        command.Parameters.AddWithValue("$updatedAt", SqliteTime.Write(job.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ImportJob?> GetAsync(string tenantId, string importId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM imports WHERE tenant_id = $tenantId AND id = $id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", importId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<ImportChunk?> GetChunkAsync(string tenantId, string importId, int index, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rows FROM import_chunks WHERE tenant_id = $tenantId AND import_id = $importId AND chunk_index = $index;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$importId", importId);
        command.Parameters.AddWithValue("$index", index);
        return await command.ExecuteScalarAsync(cancellationToken) is string rows ? new ImportChunk(index, rows) : null;
    }

    public async Task<ImportClaim?> ClaimAsync(DateTimeOffset now, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var leaseUntil = now + lease;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One statement is one write transaction: the read of the oldest ready import and its update cannot interleave
        // with another claimer's.
        command.CommandText = $"""
            UPDATE imports
            SET status = '{nameof(ImportStatus.Running)}', owner = $owner, lease_until = $leaseUntil, ready_at = $leaseUntil,
                attempts = attempts + 1, updated_at = $now
            WHERE rowid = (SELECT rowid FROM imports WHERE ready_at IS NOT NULL AND ready_at <= $now ORDER BY ready_at, id LIMIT 1)
            RETURNING {Columns};
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$leaseUntil", SqliteTime.Write(leaseUntil));
        command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ImportClaim(Read(reader), owner, leaseUntil) : null;
    }

    public async Task<ImportClaim?> SaveProgressAsync(
        ImportClaim claim, ImportProgress progress, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(progress);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE imports SET progress = $progress, lease_until = $newLease, ready_at = $newLease, updated_at = $now
            WHERE tenant_id = $tenantId AND id = $id AND status = '{nameof(ImportStatus.Running)}' AND owner = $owner AND lease_until = $leaseUntil
            RETURNING {Columns};
            """;
        AddClaim(command, claim);
        command.Parameters.AddWithValue("$progress", ImportJson.Write(progress));
        command.Parameters.AddWithValue("$newLease", SqliteTime.Write(leaseUntil));
        command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ImportClaim(Read(reader), claim.Owner, leaseUntil) : null;
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

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"""
                UPDATE imports
                SET status = $status, progress = $progress, failure_reason = $reason, ready_at = NULL, owner = NULL, lease_until = NULL,
                    completed_at = $now, updated_at = $now
                WHERE tenant_id = $tenantId AND id = $id AND status = '{nameof(ImportStatus.Running)}' AND owner = $owner AND lease_until = $leaseUntil;
                """;
            AddClaim(command, claim);
            command.Parameters.AddWithValue("$status", status.ToString());
            command.Parameters.AddWithValue("$progress", ImportJson.Write(progress));
            command.Parameters.AddWithValue("$reason", (object?)failureReason ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }

        await DeleteChunksAsync(connection, transaction, claim.Job.TenantId, claim.Job.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task DeleteAsync(string tenantId, string importId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM imports WHERE tenant_id = $tenantId AND id = $id;";
            command.Parameters.AddWithValue("$tenantId", tenantId);
            command.Parameters.AddWithValue("$id", importId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await DeleteChunksAsync(connection, transaction, tenantId, importId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task DeleteChunksAsync(
        SqliteConnection connection, SqliteTransaction transaction, string tenantId, string importId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM import_chunks WHERE tenant_id = $tenantId AND import_id = $importId;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$importId", importId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddClaim(SqliteCommand command, ImportClaim claim)
    {
        command.Parameters.AddWithValue("$tenantId", claim.Job.TenantId);
        command.Parameters.AddWithValue("$id", claim.Job.Id);
        command.Parameters.AddWithValue("$owner", claim.Owner);
        command.Parameters.AddWithValue("$leaseUntil", SqliteTime.Write(claim.LeaseUntil));
    }

    private static ImportJob Read(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        Id = reader.GetString(1),
        ListId = reader.GetString(2),
        Status = Enum.Parse<ImportStatus>(reader.GetString(3)),
        Attempts = reader.GetInt32(4),
        ConsentStatement = reader.IsDBNull(5) ? null : reader.GetString(5),
        Ip = reader.IsDBNull(6) ? null : reader.GetString(6),
        UserAgent = reader.IsDBNull(7) ? null : reader.GetString(7),
        Columns = ImportJson.ReadColumns(reader.GetString(8)),
        TotalRows = reader.GetInt32(9),
        ChunkCount = reader.GetInt32(10),
        Progress = ImportJson.ReadProgress(reader.GetString(11)),
        FailureReason = reader.IsDBNull(12) ? null : reader.GetString(12),
        CreatedAt = SqliteTime.Read(reader.GetString(13)),
        UpdatedAt = SqliteTime.Read(reader.GetString(14)),
        CompletedAt = reader.IsDBNull(15) ? null : SqliteTime.Read(reader.GetString(15)),
    };
}
