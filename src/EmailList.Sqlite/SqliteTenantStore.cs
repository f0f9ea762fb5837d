using EmailList.Core.Tenants;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>Tenants in the <c>tenants</c> table. The external ID and creation time are written once, at creation.</summary>
public sealed class SqliteTenantStore(SqliteDatabase database) : ITenantStore
{
    private const string Columns = "id, name, external_id, status, aws_account_id, role_arn, region, configuration_set_name, created_at, updated_at, event_retention_days, allow_shared_account, forwarding, forwarding_detail";

    public async Task<bool> TryCreateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO tenants ({Columns})
            VALUES ($id, $name, $externalId, $status, $awsAccountId, $roleArn, $region, $configurationSetName, $createdAt, $updatedAt, $eventRetentionDays, $allowSharedAccount, $forwarding, $forwardingDetail)
            ON CONFLICT (id) DO NOTHING;
            """;
        Bind(command, tenant);
        command.Parameters.AddWithValue("$externalId", tenant.ExternalId);
        command.Parameters.AddWithValue("$createdAt", SqliteTime.Write(tenant.CreatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM tenants WHERE id = $id;";
        command.Parameters.AddWithValue("$id", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Replaces every field but the external ID and creation time; <see cref="KeyNotFoundException"/> when the tenant does not exist.</summary>
    public async Task UpdateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE tenants
            SET name = $name, status = $status, aws_account_id = $awsAccountId, role_arn = $roleArn, region = $region,
                configuration_set_name = $configurationSetName, updated_at = $updatedAt, event_retention_days = $eventRetentionDays,
                allow_shared_account = $allowSharedAccount, forwarding = $forwarding, forwarding_detail = $forwardingDetail
            WHERE id = $id;
            """;
        Bind(command, tenant);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new KeyNotFoundException($"Tenant '{tenant.Id}' does not exist; create it first.");
        }
    }

    public async Task<IReadOnlyList<Tenant>> FindByAccountAsync(string awsAccountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM tenants WHERE aws_account_id = $awsAccountId ORDER BY id;";
        command.Parameters.AddWithValue("$awsAccountId", awsAccountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tenants = new List<Tenant>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(Read(reader));
        }

        return tenants;
    }

    private static void Bind(SqliteCommand command, Tenant tenant)
    {
        command.Parameters.AddWithValue("$id", tenant.Id);
        command.Parameters.AddWithValue("$name", tenant.Name);
        command.Parameters.AddWithValue("$status", tenant.Status.ToString());
        command.Parameters.AddWithValue("$awsAccountId", (object?)tenant.AwsAccountId ?? DBNull.Value);
        command.Parameters.AddWithValue("$roleArn", (object?)tenant.RoleArn ?? DBNull.Value);
        command.Parameters.AddWithValue("$region", (object?)tenant.Region ?? DBNull.Value);
        command.Parameters.AddWithValue("$configurationSetName", (object?)tenant.ConfigurationSetName ?? DBNull.Value);
        command.Parameters.AddWithValue("$updatedAt", SqliteTime.Write(tenant.UpdatedAt));
        command.Parameters.AddWithValue("$eventRetentionDays", tenant.EventRetentionDays);
        command.Parameters.AddWithValue("$allowSharedAccount", tenant.AllowSharedAccount ? 1 : 0);
        command.Parameters.AddWithValue("$forwarding", tenant.Forwarding.ToString());
        command.Parameters.AddWithValue("$forwardingDetail", (object?)tenant.ForwardingDetail ?? DBNull.Value);
    }

    private static Tenant Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        ExternalId = reader.GetString(2),
        Status = Enum.Parse<TenantStatus>(reader.GetString(3)),
        AwsAccountId = reader.IsDBNull(4) ? null : reader.GetString(4),
        RoleArn = reader.IsDBNull(5) ? null : reader.GetString(5),
        Region = reader.IsDBNull(6) ? null : reader.GetString(6),
        ConfigurationSetName = reader.IsDBNull(7) ? null : reader.GetString(7),
        CreatedAt = SqliteTime.Read(reader.GetString(8)),
        UpdatedAt = SqliteTime.Read(reader.GetString(9)),
        EventRetentionDays = reader.GetInt32(10),
        AllowSharedAccount = reader.GetInt64(11) != 0,
        Forwarding = Enum.Parse<ForwardingState>(reader.GetString(12)),
        ForwardingDetail = reader.IsDBNull(13) ? null : reader.GetString(13),
    };
}
