using System.Text.Json;
using EmailList.Core.Events;
using EmailList.Core.Webhooks;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>
/// The one connection that writes events, with its statements prepared once. Writes are serialized by the
/// store (SQLite has a single writer anyway), so holding one connection avoids re-preparing and lock hand-offs.
/// </summary>
internal sealed class SqliteEventWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertRecipient;
    private readonly SqliteCommand _insertTag;
    private readonly SqliteCommand _readSummary;
    private readonly SqliteCommand _writeSummary;
    private readonly SqliteCommand _insertDelivery;

    private SqliteEventWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insertEvent = Prepare($"""
            INSERT INTO events ({SqliteEventColumns.Insert})
            VALUES ($tenantId, $eventId, $type, $occurredAt, $messageId, $sentAt, $recipients, $from, $subject, $tags, $bounceType,
                    $bounceSubType, $diagnosticCode, $complaintFeedbackType, $clickLink, $userAgent, $ipAddress, $delayType, $reason,
                    $rawJson, $receivedAt, $expiresAt, $destination, $recipientCount)
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            RETURNING seq;
            """,
            "$tenantId", "$eventId", "$type", "$occurredAt", "$messageId", "$sentAt", "$recipients", "$from", "$subject", "$tags", "$bounceType",
            "$bounceSubType", "$diagnosticCode", "$complaintFeedbackType", "$clickLink", "$userAgent", "$ipAddress", "$delayType", "$reason",
            "$rawJson", "$receivedAt", "$expiresAt", "$destination", "$recipientCount");
        // One statement per event for all its recipients, and one for all its tags, from the JSON stored with the event.
        _insertRecipient = Prepare("""
            INSERT OR IGNORE INTO event_recipients (tenant_id, recipient, occurred_at, event_id, event_seq)
            SELECT $tenantId, r.value, $occurredAt, $eventId, $seq FROM json_each($recipients) r;
            """,
            "$tenantId", "$recipients", "$occurredAt", "$eventId", "$seq");
        _insertTag = Prepare("""
            INSERT OR IGNORE INTO event_tags (tenant_id, name, value, occurred_at, event_id, event_seq)
            SELECT $tenantId, t.key, v.value, $occurredAt, $eventId, $seq FROM json_each($tags) t, json_each(t.value) v;
            """,
            "$tenantId", "$tags", "$occurredAt", "$eventId", "$seq");
        _readSummary = Prepare(
            $"SELECT {SqliteEventColumns.Summary} FROM messages WHERE tenant_id = $tenantId AND message_id = $messageId;",
            "$tenantId", "$messageId");
        _writeSummary = Prepare($"""
            INSERT OR REPLACE INTO messages ({SqliteEventColumns.Summary})
            VALUES ($tenantId, $messageId, $status, $from, $subject, $recipients, $sentAt, $firstEventAt, $lastEventAt, $eventCount,
                    $deliveries, $bounces, $complaints, $opens, $clicks, $expiresAt);
            """,
            "$tenantId", "$messageId", "$status", "$from", "$subject", "$recipients", "$sentAt", "$firstEventAt", "$lastEventAt", "$eventCount",
            "$deliveries", "$bounces", "$complaints", "$opens", "$clicks", "$expiresAt");
        _insertDelivery = Prepare(SqliteWebhookDeliveryColumns.Insert, SqliteWebhookDeliveryColumns.InsertParameters);
    }

    public SqliteConnection Connection => _connection;

    public static async Task<SqliteEventWriter> OpenAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            // Each event touches a few pages of every index at random places; once the file outgrows the default 2 MiB page
            // cache, every insert would read its pages back from the OS. 128 MiB keeps the indexes' hot inner pages here.
            await using (var pragma = connection.CreateCommand())
            {
                // Checkpoints every ~16 MiB of WAL instead of 4 MiB: fewer fsyncs, and pages written again meanwhile are copied once.
                pragma.CommandText = "PRAGMA cache_size = -131072; PRAGMA wal_autocheckpoint = 4000;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return new SqliteEventWriter(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stores the event, folds it into its summary and writes its webhook <paramref name="deliveries"/> inside
    /// <paramref name="transaction"/>; false (and nothing written) when its id is taken.
    /// </summary>
    public bool TryAdd(SqliteTransaction transaction, SesEvent sesEvent, IReadOnlyList<WebhookDelivery> deliveries)
    {
        var occurredAt = SqliteTime.Write(sesEvent.OccurredAt);
        var insert = _insertEvent.Parameters;
        _insertEvent.Transaction = transaction;
        insert[0].Value = sesEvent.TenantId;
        insert[1].Value = sesEvent.EventId;
        insert[2].Value = sesEvent.Type.ToString();
        insert[3].Value = occurredAt;
        insert[4].Value = sesEvent.MessageId;
        insert[5].Value = Nullable(sesEvent.SentAt);
        var recipients = JsonSerializer.Serialize(sesEvent.Recipients);
        var tags = JsonSerializer.Serialize(sesEvent.Tags);
        insert[6].Value = recipients;
        insert[7].Value = Nullable(sesEvent.From);
        insert[8].Value = Nullable(sesEvent.Subject);
        insert[9].Value = tags;
        insert[10].Value = Nullable(sesEvent.BounceType);
        insert[11].Value = Nullable(sesEvent.BounceSubType);
        insert[12].Value = Nullable(sesEvent.DiagnosticCode);
        insert[13].Value = Nullable(sesEvent.ComplaintFeedbackType);
        insert[14].Value = Nullable(sesEvent.ClickLink);
        insert[15].Value = Nullable(sesEvent.UserAgent);
        insert[16].Value = Nullable(sesEvent.IpAddress);
        insert[17].Value = Nullable(sesEvent.DelayType);
        insert[18].Value = Nullable(sesEvent.Reason);
        insert[19].Value = sesEvent.RawJson;
        insert[20].Value = SqliteTime.Write(sesEvent.ReceivedAt);
        insert[21].Value = SqliteTime.Write(sesEvent.ExpiresAt);
        insert[22].Value = JsonSerializer.Serialize(sesEvent.Destination);
        insert[23].Value = sesEvent.Recipients.Count;
        if (_insertEvent.ExecuteScalar() is not long seq)
        {
            return false;
        }

        foreach (var (command, json) in new[] { (_insertRecipient, recipients), (_insertTag, tags) })
        {
            command.Transaction = transaction;
            var parameters = command.Parameters;
            parameters[0].Value = sesEvent.TenantId;
            parameters[1].Value = json;
            parameters[2].Value = occurredAt;
            parameters[3].Value = sesEvent.EventId;
            parameters[4].Value = seq;
            command.ExecuteNonQuery();
        }

        _readSummary.Transaction = transaction;
        _readSummary.Parameters[0].Value = sesEvent.TenantId;
        _readSummary.Parameters[1].Value = sesEvent.MessageId;
        MessageSummary? current;
        using (var reader = _readSummary.ExecuteReader())
        {
            current = reader.Read() ? SqliteEventColumns.ReadSummary(reader) : null;
        }

        var summary = MessageRollup.Apply(current, sesEvent);
        _writeSummary.Transaction = transaction;
        var write = _writeSummary.Parameters;
        write[0].Value = summary.TenantId;
        write[1].Value = summary.MessageId;
        write[2].Value = summary.Status.ToString();
        write[3].Value = Nullable(summary.From);
        write[4].Value = Nullable(summary.Subject);
        write[5].Value = JsonSerializer.Serialize(summary.Recipients);
        write[6].Value = Nullable(summary.SentAt);
        write[7].Value = SqliteTime.Write(summary.FirstEventAt);
        write[8].Value = SqliteTime.Write(summary.LastEventAt);
        write[9].Value = summary.EventCount;
        write[10].Value = summary.Deliveries;
        write[11].Value = summary.Bounces;
        write[12].Value = summary.Complaints;
        write[13].Value = summary.Opens;
        write[14].Value = summary.Clicks;
        write[15].Value = SqliteTime.Write(summary.ExpiresAt);
        _writeSummary.ExecuteNonQuery();

        if (deliveries.Count > 0)
        {
            _insertDelivery.Transaction = transaction;
            foreach (var delivery in deliveries)
            {
                SqliteWebhookDeliveryColumns.Bind(_insertDelivery.Parameters, delivery);
                _insertDelivery.ExecuteNonQuery();
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _insertEvent, _insertRecipient, _insertTag, _readSummary, _writeSummary, _insertDelivery })
        {
            await command.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static object Nullable(DateTimeOffset? value) => value is { } time ? SqliteTime.Write(time) : DBNull.Value;
}
