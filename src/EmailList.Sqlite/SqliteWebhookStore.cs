using System.Text.Json;
using EmailList.Core.Webhooks;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>Webhooks in the <c>webhooks</c> table, one row per (tenant, id); updates are conditional on the version read.</summary>
public sealed class SqliteWebhookStore(SqliteDatabase database) : IWebhookStore
{
    private const string Columns =
        "tenant_id, id, url, event_types, description, enabled, disabled_reason, secret, previous_secret, previous_secret_expires_at, failing_since, created_at, updated_at, version, disabled_at";

    public async Task AddAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO webhooks ({Columns})
            VALUES ($tenantId, $id, $url, $eventTypes, $description, $enabled, $disabledReason, $secret, $previousSecret, $previousSecretExpiresAt,
                    $failingSince, $createdAt, $updatedAt, $version, $disabledAt);
            """;
        Bind(command, webhook, webhook.Version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Webhook?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM webhooks WHERE tenant_id = $tenantId AND id = $id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM webhooks WHERE tenant_id = $tenantId ORDER BY created_at, id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        var items = new List<Webhook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    public async Task<bool> TryUpdateAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE webhooks
            SET url = $url, event_types = $eventTypes, description = $description, enabled = $enabled, disabled_reason = $disabledReason,
                secret = $secret, previous_secret = $previousSecret, previous_secret_expires_at = $previousSecretExpiresAt,
                failing_since = $failingSince, updated_at = $updatedAt, version = $version, disabled_at = $disabledAt
            WHERE tenant_id = $tenantId AND id = $id AND version = $expected;
            """;
        Bind(command, webhook, webhook.Version + 1);
        command.Parameters.AddWithValue("$expected", webhook.Version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM webhooks WHERE tenant_id = $tenantId AND id = $id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static void Bind(SqliteCommand command, Webhook webhook, int version)
    {
        var p = command.Parameters;
        p.AddWithValue("$tenantId", webhook.TenantId);
        p.AddWithValue("$id", webhook.Id);
        p.AddWithValue("$url", webhook.Url.OriginalString);
        p.AddWithValue("$eventTypes", JsonSerializer.Serialize(webhook.EventTypes));
        p.AddWithValue("$description", (object?)webhook.Description ?? DBNull.Value);
        p.AddWithValue("$enabled", webhook.Enabled ? 1 : 0);
        p.AddWithValue("$disabledReason", (object?)webhook.DisabledReason?.ToString() ?? DBNull.Value);
        p.AddWithValue("$secret", webhook.Secret);
        p.AddWithValue("$previousSecret", (object?)webhook.PreviousSecret ?? DBNull.Value);
        p.AddWithValue("$previousSecretExpiresAt", webhook.PreviousSecretExpiresAt is { } expires ? SqliteTime.Write(expires) : DBNull.Value);
        p.AddWithValue("$failingSince", webhook.FailingSince is { } since ? SqliteTime.Write(since) : DBNull.Value);
        p.AddWithValue("$createdAt", SqliteTime.Write(webhook.CreatedAt));
        p.AddWithValue("$updatedAt", SqliteTime.Write(webhook.UpdatedAt));
        p.AddWithValue("$version", version);
        p.AddWithValue("$disabledAt", webhook.DisabledAt is { } disabledAt ? SqliteTime.Write(disabledAt) : DBNull.Value);
    }

    private static Webhook Read(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        Id = reader.GetString(1),
        Url = new Uri(reader.GetString(2), UriKind.Absolute),
        EventTypes = JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [],
        Description = reader.IsDBNull(4) ? null : reader.GetString(4),
        Enabled = reader.GetInt64(5) != 0,
        DisabledReason = reader.IsDBNull(6) ? null : Enum.Parse<WebhookDisabledReason>(reader.GetString(6)),
        Secret = reader.GetString(7),
        PreviousSecret = reader.IsDBNull(8) ? null : reader.GetString(8),
        PreviousSecretExpiresAt = reader.IsDBNull(9) ? null : SqliteTime.Read(reader.GetString(9)),
        FailingSince = reader.IsDBNull(10) ? null : SqliteTime.Read(reader.GetString(10)),
        CreatedAt = SqliteTime.Read(reader.GetString(11)),
        UpdatedAt = SqliteTime.Read(reader.GetString(12)),
        Version = reader.GetInt32(13),
        DisabledAt = reader.IsDBNull(14) ? null : SqliteTime.Read(reader.GetString(14)),
    };
}
