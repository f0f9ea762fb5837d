using EmailList.Core.Webhooks;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>How a <see cref="WebhookDelivery"/> is written to and read from <c>webhook_deliveries</c>, shared by the delivery store and the event writer (the outbox rows it writes with an event).</summary>
internal static class SqliteWebhookDeliveryColumns
{
    public const string Select =
        "tenant_id, id, webhook_id, event_type, event_id, payload, created_at, status, next_attempt_at, attempts, last_attempt_at, last_status_code, last_error, last_duration_ms, completed_at, expires_at";

    /// <summary>Inserts one delivery unless the tenant has its id already (then nothing changes).</summary>
    public const string Insert = $"""
        INSERT INTO webhook_deliveries ({Select}, hook_key, log_key, ready_at)
        VALUES ($tenantId, $id, $webhookId, $eventType, $eventId, $payload, $createdAt, $status, $nextAttemptAt, $attempts, $lastAttemptAt, $lastStatusCode,
                $lastError, $lastDurationMs, $completedAt, $expiresAt, $hookKey, $logKey, $readyAt)
        ON CONFLICT (tenant_id, id) DO NOTHING;
        """;

    public static readonly string[] InsertParameters =
    [
        "$tenantId", "$id", "$webhookId", "$eventType", "$eventId", "$payload", "$createdAt", "$status", "$nextAttemptAt", "$attempts", "$lastAttemptAt",
        "$lastStatusCode", "$lastError", "$lastDurationMs", "$completedAt", "$expiresAt", "$hookKey", "$logKey", "$readyAt",
    ];

    public static string HookKey(string tenantId, string webhookId) => tenantId + "\n" + webhookId;

    /// <summary>Sets <see cref="InsertParameters"/> (in that order) on a command prepared with <see cref="Insert"/>.</summary>
    public static void Bind(SqliteParameterCollection parameters, WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        parameters[0].Value = delivery.TenantId;
        parameters[1].Value = delivery.Id;
        parameters[2].Value = delivery.WebhookId;
        parameters[3].Value = delivery.EventType;
        parameters[4].Value = delivery.EventId;
        parameters[5].Value = delivery.Payload;
        parameters[6].Value = SqliteTime.Write(delivery.CreatedAt);
        parameters[7].Value = delivery.Status.ToString();
        parameters[8].Value = SqliteTime.Write(delivery.NextAttemptAt);
        parameters[9].Value = delivery.Attempts;
        parameters[10].Value = Nullable(delivery.LastAttemptAt);
        parameters[11].Value = (object?)delivery.LastStatusCode ?? DBNull.Value;
        parameters[12].Value = (object?)delivery.LastError ?? DBNull.Value;
        parameters[13].Value = (object?)delivery.LastDurationMs ?? DBNull.Value;
        parameters[14].Value = Nullable(delivery.CompletedAt);
        parameters[15].Value = SqliteTime.Write(delivery.ExpiresAt);
        parameters[16].Value = HookKey(delivery.TenantId, delivery.WebhookId);
        parameters[17].Value = WebhookDeliveryRange.LogKey(delivery);
        parameters[18].Value = delivery.Status == WebhookDeliveryStatus.Pending ? SqliteTime.Write(delivery.NextAttemptAt) : DBNull.Value;
    }

    public static SqliteCommand PrepareInsert(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Insert;
        foreach (var name in InsertParameters)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        return command;
    }

    public static WebhookDelivery Read(SqliteDataReader reader, int offset) => new()
    {
        TenantId = reader.GetString(offset),
        Id = reader.GetString(offset + 1),
        WebhookId = reader.GetString(offset + 2),
        EventType = reader.GetString(offset + 3),
        EventId = reader.GetString(offset + 4),
        Payload = reader.GetString(offset + 5),
        CreatedAt = SqliteTime.Read(reader.GetString(offset + 6)),
        Status = Enum.Parse<WebhookDeliveryStatus>(reader.GetString(offset + 7)),
        NextAttemptAt = SqliteTime.Read(reader.GetString(offset + 8)),
        Attempts = reader.GetInt32(offset + 9),
        LastAttemptAt = reader.IsDBNull(offset + 10) ? null : SqliteTime.Read(reader.GetString(offset + 10)),
        LastStatusCode = reader.IsDBNull(offset + 11) ? null : reader.GetInt32(offset + 11),
        LastError = reader.IsDBNull(offset + 12) ? null : reader.GetString(offset + 12),
        LastDurationMs = reader.IsDBNull(offset + 13) ? null : reader.GetInt32(offset + 13),
        CompletedAt = reader.IsDBNull(offset + 14) ? null : SqliteTime.Read(reader.GetString(offset + 14)),
        ExpiresAt = SqliteTime.Read(reader.GetString(offset + 15)),
    };

    private static object Nullable(DateTimeOffset? value) => value is { } time ? SqliteTime.Write(time) : DBNull.Value;
}
