using System.Globalization;
using EmailList.Core.Webhooks;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>
/// The webhook outbox and delivery log in <c>webhook_deliveries</c>. A claim runs in one write transaction (SQLite has
/// one writer), so two claimers never take the same row; recording an attempt is conditional on the claim's owner and
/// lease. Claims skip-scan the webhooks with pending deliveries and take at most a few of each, so a large backlog on
/// one endpoint does not hold back another's.
/// </summary>
public sealed class SqliteWebhookDeliveryStore(SqliteDatabase database) : IWebhookDeliveryStore
{
    private const int PurgeBatchSize = 2000;

    private const string Columns = SqliteWebhookDeliveryColumns.Select;

    private const string DueSql = """
        WITH RECURSIVE hooks(hook_key) AS (
            SELECT (SELECT MIN(hook_key) FROM webhook_deliveries WHERE ready_at IS NOT NULL)
            UNION ALL
            SELECT (SELECT MIN(s.hook_key) FROM webhook_deliveries s WHERE s.ready_at IS NOT NULL AND s.hook_key > h.hook_key)
            FROM hooks h WHERE h.hook_key IS NOT NULL
        )
        SELECT d.rowid, d.ready_at FROM hooks h JOIN webhook_deliveries d ON d.rowid IN (
            SELECT s.rowid FROM webhook_deliveries s INDEXED BY webhook_deliveries_ready
            WHERE s.hook_key = h.hook_key AND s.ready_at IS NOT NULL AND s.ready_at <= $now
            ORDER BY s.ready_at, s.id LIMIT $perWebhook)
        ORDER BY d.ready_at, d.id LIMIT $limit;
        """;

    public async Task<int> AddManyAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        if (deliveries.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = SqliteWebhookDeliveryColumns.PrepareInsert(connection);
        insert.Transaction = transaction;
        var added = 0;
        foreach (var delivery in deliveries)
        {
            SqliteWebhookDeliveryColumns.Bind(insert.Parameters, delivery);
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<WebhookDelivery?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM webhook_deliveries WHERE tenant_id = $tenantId AND id = $id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteWebhookDeliveryColumns.Read(reader, 0) : null;
    }

    /// <summary><see cref="ArgumentException"/> for a cursor not handed out for this tenant's webhook; <see cref="ArgumentOutOfRangeException"/> for a bad limit.</summary>
    public async Task<WebhookDeliveryPage> ListAsync(string tenantId, WebhookDeliveryQuery query, CancellationToken cancellationToken)
    {
        var range = WebhookDeliveryRange.From(tenantId, query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM webhook_deliveries INDEXED BY webhook_deliveries_log
            WHERE tenant_id = $tenantId AND webhook_id = $webhookId
              {(range.Before is null ? "" : "AND log_key < $before")}
              {(range.Status is null ? "" : "AND status = $status")}
            ORDER BY log_key DESC LIMIT $take;
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$webhookId", range.WebhookId);
        command.Parameters.AddWithValue("$take", range.Take);
        if (range.Before is { } before)
        {
            command.Parameters.AddWithValue("$before", before);
        }

        if (range.Status is { } status)
        {
            command.Parameters.AddWithValue("$status", status.ToString());
        }

        var items = new List<WebhookDelivery>(range.Take);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(SqliteWebhookDeliveryColumns.Read(reader, 0));
            }
        }

        return range.ToPage(items);
    }

    public async Task<IReadOnlyList<WebhookDeliveryClaim>> ClaimDueAsync(
        DateTimeOffset now, int limit, int perWebhookLimit, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perWebhookLimit, 1);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var leaseUntil = now + lease;

        await using var connection = await database.OpenAsync(cancellationToken);
        // BEGIN IMMEDIATE: the read and the update hold the write lock together, so a second claimer waits and then
        // finds these rows leased.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var readyAt = new Dictionary<long, string>();
        await using (var due = connection.CreateCommand())
        {
            due.Transaction = transaction;
            due.CommandText = DueSql;
            due.Parameters.AddWithValue("$now", SqliteTime.Write(now));
            due.Parameters.AddWithValue("$perWebhook", perWebhookLimit);
            due.Parameters.AddWithValue("$limit", limit);
            await using var reader = await due.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                readyAt[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        if (readyAt.Count == 0)
        {
            return [];
        }

        var claimed = new List<(string ReadyAt, WebhookDelivery Delivery)>(readyAt.Count);
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = $"""
                UPDATE webhook_deliveries SET owner = $owner, lease_until = $leaseUntil, ready_at = $leaseUntil
                WHERE rowid IN (SELECT value FROM json_each($rowids))
                RETURNING rowid, {Columns};
                """;
            update.Parameters.AddWithValue("$owner", owner);
            update.Parameters.AddWithValue("$leaseUntil", SqliteTime.Write(leaseUntil));
            update.Parameters.AddWithValue("$rowids", "[" + string.Join(',', readyAt.Keys.Select(k => k.ToString(CultureInfo.InvariantCulture))) + "]");
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((readyAt[reader.GetInt64(0)], SqliteWebhookDeliveryColumns.Read(reader, 1)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. claimed
            .OrderBy(c => c.ReadyAt, StringComparer.Ordinal)
            .ThenBy(c => c.Delivery.Id, StringComparer.Ordinal)
            .Select(c => new WebhookDeliveryClaim(c.Delivery, owner, leaseUntil))];
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

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Owner and lease together: the same owner's earlier claim on a delivery it has since claimed again is lost too.
        command.CommandText = $"""
            UPDATE webhook_deliveries
            SET status = $status, attempts = attempts + 1, last_attempt_at = $at, last_status_code = $statusCode, last_error = $error,
                last_duration_ms = $durationMs, next_attempt_at = COALESCE($next, next_attempt_at), ready_at = $next,
                completed_at = $completedAt, owner = NULL, lease_until = NULL
            WHERE tenant_id = $tenantId AND id = $id AND status = '{nameof(WebhookDeliveryStatus.Pending)}' AND owner = $owner AND lease_until = $leaseUntil;
            """;
        command.Parameters.AddWithValue("$tenantId", claim.Delivery.TenantId);
        command.Parameters.AddWithValue("$id", claim.Delivery.Id);
        command.Parameters.AddWithValue("$owner", claim.Owner);
        command.Parameters.AddWithValue("$leaseUntil", SqliteTime.Write(claim.LeaseUntil));
        command.Parameters.AddWithValue("$status", attempt.Status.ToString());
        command.Parameters.AddWithValue("$at", SqliteTime.Write(attempt.At));
        command.Parameters.AddWithValue("$statusCode", (object?)attempt.StatusCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)attempt.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$durationMs", attempt.DurationMs);
        command.Parameters.AddWithValue("$next", pending ? SqliteTime.Write(attempt.NextAttemptAt!.Value) : DBNull.Value);
        command.Parameters.AddWithValue("$completedAt", pending ? DBNull.Value : SqliteTime.Write(attempt.At));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RetryAsync(string tenantId, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE webhook_deliveries
            SET status = '{nameof(WebhookDeliveryStatus.Pending)}', next_attempt_at = $now, ready_at = $now, completed_at = NULL, owner = NULL, lease_until = NULL
            WHERE tenant_id = $tenantId AND id = $id;
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            // Batches, so one purge never holds the write lock for long.
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM webhook_deliveries WHERE rowid IN (
                    SELECT rowid FROM webhook_deliveries INDEXED BY webhook_deliveries_expiry WHERE expires_at < $now LIMIT $batch);
                """;
            command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
            command.Parameters.AddWithValue("$batch", PurgeBatchSize);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < PurgeBatchSize)
            {
                return total;
            }
        }
    }
}
