using System.Globalization;
using System.Text.Json;
using EmailList.Core.Scheduling;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>
/// Scheduled mail in the <c>scheduled_mail</c> table. A claim runs in one write transaction (SQLite has one writer), so
/// two claimers never take the same row; completing a claim is conditional on its owner and lease.
/// </summary>
public sealed class SqliteScheduledMailStore(SqliteDatabase database) : IScheduledMailStore
{
    private const string Columns =
        "tenant_id, id, status, scheduled_at, content, recipients, attempts, message_id, suppressed, failure_reason, created_at, updated_at, sent_at, broadcast_id, contact_id, handed_to_ses_at";

    // The tenants with pending mail, by a skip-scan of the partial index (one seek per tenant, however much each has
    // queued), then at most $perTenant due rows of each, then the earliest $limit of those.
    private const string DueSql = """
        WITH RECURSIVE tenants(tenant_id) AS (
            SELECT (SELECT MIN(tenant_id) FROM scheduled_mail WHERE ready_at IS NOT NULL)
            UNION ALL
            SELECT (SELECT MIN(s.tenant_id) FROM scheduled_mail s WHERE s.ready_at IS NOT NULL AND s.tenant_id > t.tenant_id)
            FROM tenants t WHERE t.tenant_id IS NOT NULL
        )
        SELECT m.rowid, m.ready_at FROM tenants t JOIN scheduled_mail m ON m.rowid IN (
            SELECT s.rowid FROM scheduled_mail s
            WHERE s.tenant_id = t.tenant_id AND s.ready_at IS NOT NULL AND s.ready_at <= $now
            ORDER BY s.ready_at, s.id LIMIT $perTenant)
        ORDER BY m.ready_at, m.id LIMIT $limit;
        """;

    public async Task AddAsync(ScheduledMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = InsertCommand(connection, mail, ignoreExisting: false);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> AddManyAsync(IReadOnlyList<ScheduledMail> mails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mails);
        if (mails.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        // One write transaction for the page: one fsync, not one per mail.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var added = 0;
        foreach (var mail in mails)
        {
            await using var command = InsertCommand(connection, mail, ignoreExisting: true);
            command.Transaction = transaction;
            added += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    private static SqliteCommand InsertCommand(SqliteConnection connection, ScheduledMail mail, bool ignoreExisting)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO scheduled_mail ({Columns}, ready_at)
            VALUES ($tenantId, $id, $status, $scheduledAt, $content, $recipients, $attempts, $messageId, $suppressed, $failureReason, $createdAt, $updatedAt, $sentAt,
                $broadcastId, $contactId, $handedToSesAt, $readyAt){(ignoreExisting ? " ON CONFLICT (tenant_id, id) DO NOTHING" : "")};
            """;
        command.Parameters.AddWithValue("$tenantId", mail.TenantId);
        command.Parameters.AddWithValue("$id", mail.Id);
        command.Parameters.AddWithValue("$status", ScheduledMailStatus.Scheduled.ToString());
        command.Parameters.AddWithValue("$scheduledAt", SqliteTime.Write(mail.ScheduledAt));
        command.Parameters.AddWithValue("$readyAt", SqliteTime.Write(mail.ScheduledAt));
        command.Parameters.AddWithValue("$content", mail.Content);
        command.Parameters.AddWithValue("$recipients", mail.Recipients);
        command.Parameters.AddWithValue("$attempts", mail.Attempts);
        command.Parameters.AddWithValue("$messageId", (object?)mail.MessageId ?? DBNull.Value);
        command.Parameters.AddWithValue("$suppressed", JsonSerializer.Serialize(mail.Suppressed));
        command.Parameters.AddWithValue("$failureReason", (object?)mail.FailureReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$createdAt", SqliteTime.Write(mail.CreatedAt));
        command.Parameters.AddWithValue("$updatedAt", SqliteTime.Write(mail.UpdatedAt));
        command.Parameters.AddWithValue("$sentAt", mail.SentAt is { } sentAt ? SqliteTime.Write(sentAt) : DBNull.Value);
        command.Parameters.AddWithValue("$broadcastId", (object?)mail.BroadcastId ?? DBNull.Value);
        command.Parameters.AddWithValue("$contactId", (object?)mail.ContactId ?? DBNull.Value);
        command.Parameters.AddWithValue("$handedToSesAt", mail.HandedToSesAt is { } handedAt ? SqliteTime.Write(handedAt) : DBNull.Value);
        return command;
    }

    public async Task<ScheduledMail?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadOneAsync(connection, tenantId, id, cancellationToken);
    }

    public Task<ScheduledMailChange> RescheduleAsync(string tenantId, string id, DateTimeOffset scheduledAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeScheduledAsync(
            tenantId, id,
            "scheduled_at = $scheduledAt, ready_at = $scheduledAt, updated_at = $now",
            command =>
            {
                command.Parameters.AddWithValue("$scheduledAt", SqliteTime.Write(scheduledAt));
                command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
            },
            cancellationToken);

    public Task<ScheduledMailChange> CancelAsync(string tenantId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeScheduledAsync(
            tenantId, id,
            $"status = '{nameof(ScheduledMailStatus.Cancelled)}', ready_at = NULL, updated_at = $now",
            command => command.Parameters.AddWithValue("$now", SqliteTime.Write(now)),
            cancellationToken);

    public async Task<IReadOnlyList<ScheduledMailClaim>> ClaimDueAsync(
        DateTimeOffset now, int limit, int perTenantLimit, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perTenantLimit, 1);
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
            due.Parameters.AddWithValue("$perTenant", perTenantLimit);
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

        var claimed = new List<(string ReadyAt, string Id, ScheduledMail Mail)>(readyAt.Count);
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = $"""
                UPDATE scheduled_mail
                SET status = '{nameof(ScheduledMailStatus.Sending)}', owner = $owner, lease_until = $leaseUntil, ready_at = $leaseUntil,
                    attempts = attempts + 1, updated_at = $now
                WHERE rowid IN (SELECT value FROM json_each($rowids))
                RETURNING rowid, {Columns};
                """;
            update.Parameters.AddWithValue("$owner", owner);
            update.Parameters.AddWithValue("$leaseUntil", SqliteTime.Write(leaseUntil));
            update.Parameters.AddWithValue("$now", SqliteTime.Write(now));
            update.Parameters.AddWithValue("$rowids", "[" + string.Join(',', readyAt.Keys.Select(k => k.ToString(CultureInfo.InvariantCulture))) + "]");
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var mail = Read(reader, offset: 1);
                claimed.Add((readyAt[reader.GetInt64(0)], mail.Id, mail));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. claimed
            .OrderBy(c => c.ReadyAt, StringComparer.Ordinal)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new ScheduledMailClaim(c.Mail, owner, leaseUntil))];
    }

    public Task<bool> MarkSentAsync(ScheduledMailClaim claim, string messageId, IReadOnlyList<string> suppressed, DateTimeOffset now, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            $"status = '{nameof(ScheduledMailStatus.Sent)}', ready_at = NULL, owner = NULL, lease_until = NULL, message_id = $messageId, suppressed = $suppressed, sent_at = $now, updated_at = $now",
            command =>
            {
                command.Parameters.AddWithValue("$messageId", messageId);
                command.Parameters.AddWithValue("$suppressed", JsonSerializer.Serialize(suppressed));
                command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
            },
            cancellationToken);

    public Task<bool> MarkFailedAsync(ScheduledMailClaim claim, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            $"status = '{nameof(ScheduledMailStatus.Failed)}', ready_at = NULL, owner = NULL, lease_until = NULL, failure_reason = $reason, updated_at = $now",
            command =>
            {
                command.Parameters.AddWithValue("$reason", reason);
                command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
            },
            cancellationToken);

    public Task<bool> ReleaseAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            $"status = '{nameof(ScheduledMailStatus.Scheduled)}', ready_at = $notBefore, owner = NULL, lease_until = NULL, handed_to_ses_at = NULL",
            command => command.Parameters.AddWithValue("$notBefore", SqliteTime.Write(notBefore)),
            cancellationToken);

    public Task<bool> MarkSkippedAsync(ScheduledMailClaim claim, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            $"status = '{nameof(ScheduledMailStatus.Skipped)}', ready_at = NULL, owner = NULL, lease_until = NULL, failure_reason = $reason, updated_at = $now",
            command =>
            {
                command.Parameters.AddWithValue("$reason", reason);
                command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
            },
            cancellationToken);

    public Task<bool> DeferAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            $"status = '{nameof(ScheduledMailStatus.Scheduled)}', ready_at = $notBefore, owner = NULL, lease_until = NULL, attempts = MAX(attempts - 1, 0), handed_to_ses_at = NULL",
            command => command.Parameters.AddWithValue("$notBefore", SqliteTime.Write(notBefore)),
            cancellationToken);

    public Task<bool> MarkHandedToSesAsync(ScheduledMailClaim claim, DateTimeOffset now, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            "handed_to_ses_at = $now, updated_at = $now",
            command => command.Parameters.AddWithValue("$now", SqliteTime.Write(now)),
            cancellationToken);

    public Task<bool> AwaitAcceptanceAsync(ScheduledMailClaim claim, DateTimeOffset until, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            claim,
            // Still Sending (not Scheduled), so neither PATCH nor DELETE can touch a mail SES may have sent.
            "owner = NULL, lease_until = $until, ready_at = $until, attempts = MAX(attempts - 1, 0)",
            command => command.Parameters.AddWithValue("$until", SqliteTime.Write(until)),
            cancellationToken);

    public async Task<bool> ObserveAcceptedAsync(string tenantId, string id, string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE scheduled_mail
            SET status = '{nameof(ScheduledMailStatus.Sent)}', message_id = $messageId, sent_at = $now, updated_at = $now,
                failure_reason = NULL, ready_at = NULL, owner = NULL, lease_until = NULL
            WHERE tenant_id = $tenantId AND id = $id
                AND (status = '{nameof(ScheduledMailStatus.Sending)}'
                    OR (handed_to_ses_at IS NOT NULL AND status IN ('{nameof(ScheduledMailStatus.Scheduled)}', '{nameof(ScheduledMailStatus.Failed)}')));
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$messageId", messageId);
        command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyDictionary<ScheduledMailStatus, int>> CountBroadcastAsync(string tenantId, string broadcastId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT status, COUNT(*) FROM scheduled_mail INDEXED BY scheduled_mail_by_broadcast
            WHERE tenant_id = $tenantId AND broadcast_id = $broadcastId GROUP BY status;
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$broadcastId", broadcastId);
        var counts = new Dictionary<ScheduledMailStatus, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[Enum.Parse<ScheduledMailStatus>(reader.GetString(0))] = reader.GetInt32(1);
        }

        return counts;
    }

    private async Task<bool> CompleteClaimAsync(ScheduledMailClaim claim, string set, Action<SqliteCommand> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Owner and lease together: the same owner's earlier claim on a mail it has since claimed again is lost too.
        command.CommandText = $"""
            UPDATE scheduled_mail SET {set}
            WHERE tenant_id = $tenantId AND id = $id AND status = '{nameof(ScheduledMailStatus.Sending)}' AND owner = $owner AND lease_until = $leaseUntil;
            """;
        command.Parameters.AddWithValue("$tenantId", claim.Mail.TenantId);
        command.Parameters.AddWithValue("$id", claim.Mail.Id);
        command.Parameters.AddWithValue("$owner", claim.Owner);
        command.Parameters.AddWithValue("$leaseUntil", SqliteTime.Write(claim.LeaseUntil));
        parameters(command);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<ScheduledMailChange> ChangeScheduledAsync(
        string tenantId, string id, string set, Action<SqliteCommand> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                UPDATE scheduled_mail SET {set}
                WHERE tenant_id = $tenantId AND id = $id AND status = '{nameof(ScheduledMailStatus.Scheduled)}'
                RETURNING {Columns};
                """;
            command.Parameters.AddWithValue("$tenantId", tenantId);
            command.Parameters.AddWithValue("$id", id);
            parameters(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new ScheduledMailChange(ScheduledMailChangeStatus.Changed, Read(reader, offset: 0));
            }
        }

        return await ReadOneAsync(connection, tenantId, id, cancellationToken) is { } current
            ? new ScheduledMailChange(ScheduledMailChangeStatus.TooLate, current)
            : ScheduledMailChange.NotFound;
    }

    private static async Task<ScheduledMail?> ReadOneAsync(SqliteConnection connection, string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM scheduled_mail WHERE tenant_id = $tenantId AND id = $id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, offset: 0) : null;
    }

    private static ScheduledMail Read(SqliteDataReader reader, int offset) => new()
    {
        TenantId = reader.GetString(offset),
        Id = reader.GetString(offset + 1),
        Status = Enum.Parse<ScheduledMailStatus>(reader.GetString(offset + 2)),
        ScheduledAt = SqliteTime.Read(reader.GetString(offset + 3)),
        Content = reader.GetString(offset + 4),
        Recipients = reader.GetInt32(offset + 5),
        Attempts = reader.GetInt32(offset + 6),
        MessageId = reader.IsDBNull(offset + 7) ? null : reader.GetString(offset + 7),
        Suppressed = JsonSerializer.Deserialize<string[]>(reader.GetString(offset + 8)) ?? [],
        FailureReason = reader.IsDBNull(offset + 9) ? null : reader.GetString(offset + 9),
        CreatedAt = SqliteTime.Read(reader.GetString(offset + 10)),
        UpdatedAt = SqliteTime.Read(reader.GetString(offset + 11)),
        SentAt = reader.IsDBNull(offset + 12) ? null : SqliteTime.Read(reader.GetString(offset + 12)),
        BroadcastId = reader.IsDBNull(offset + 13) ? null : reader.GetString(offset + 13),
        ContactId = reader.IsDBNull(offset + 14) ? null : reader.GetString(offset + 14),
        HandedToSesAt = reader.IsDBNull(offset + 15) ? null : SqliteTime.Read(reader.GetString(offset + 15)),
    };
}
