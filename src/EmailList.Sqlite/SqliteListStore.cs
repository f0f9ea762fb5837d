using EmailList.Core.Lists;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>Lists in the <c>lists</c> table, one row per (tenant, id), the public key unique across tenants.</summary>
public sealed class SqliteListStore(SqliteDatabase database) : IListStore
{
    private const string Columns =
        "tenant_id, id, public_key, name, from_address, reply_to, double_opt_in, confirmation, allowed_origins, created_at, updated_at";

    /// <summary><see cref="InvalidOperationException"/> when the id or public key is taken.</summary>
    public async Task AddAsync(MailingList list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO lists ({Columns})
            VALUES ($tenantId, $id, $publicKey, $name, $from, $replyTo, $doubleOptIn, $confirmation, $origins, $createdAt, $updatedAt);
            """;
        AddSettings(command, list);
        command.Parameters.AddWithValue("$publicKey", list.PublicKey);
        command.Parameters.AddWithValue("$createdAt", SqliteTime.Write(list.CreatedAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException($"A list with id '{list.Id}' or its public key already exists.", e);
        }
    }

    public async Task<MailingList?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM lists WHERE tenant_id = $tenantId AND id = $id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<MailingList?> GetByPublicKeyAsync(string publicKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM lists WHERE public_key = $publicKey;";
        command.Parameters.AddWithValue("$publicKey", publicKey);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<MailingList?> UpdateAsync(MailingList list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE lists SET name = $name, from_address = $from, reply_to = $replyTo, double_opt_in = $doubleOptIn,
                confirmation = $confirmation, allowed_origins = $origins, updated_at = $updatedAt
            WHERE tenant_id = $tenantId AND id = $id
            RETURNING {Columns};
            """;
        AddSettings(command, list);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM subscriptions WHERE tenant_id = $tenantId AND list_id = $id;
            DELETE FROM lists WHERE tenant_id = $tenantId AND id = $id;
            SELECT changes();
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", id);
        var deleted = (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary><see cref="ArgumentException"/> for a cursor not handed out to this tenant; <see cref="ArgumentOutOfRangeException"/> for a bad limit.</summary>
    public async Task<ListPage> ListAsync(string tenantId, ListQuery query, CancellationToken cancellationToken)
    {
        var range = ListRange.From(tenantId, query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM lists WHERE tenant_id = $tenantId AND id > $after ORDER BY id LIMIT $take;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$after", range.After ?? string.Empty);
        command.Parameters.AddWithValue("$take", range.Take);
        var items = new List<MailingList>(range.Take);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }

        return range.ToPage(items);
    }

    private static void AddSettings(SqliteCommand command, MailingList list)
    {
        command.Parameters.AddWithValue("$tenantId", list.TenantId);
        command.Parameters.AddWithValue("$id", list.Id);
        command.Parameters.AddWithValue("$name", list.Name);
        command.Parameters.AddWithValue("$from", list.From);
        command.Parameters.AddWithValue("$replyTo", (object?)list.ReplyTo ?? DBNull.Value);
        command.Parameters.AddWithValue("$doubleOptIn", list.DoubleOptIn ? 1 : 0);
        command.Parameters.AddWithValue("$confirmation", (object?)ListStorageJson.Write(list.Confirmation) ?? DBNull.Value);
        command.Parameters.AddWithValue("$origins", ListStorageJson.Write(list.AllowedOrigins));
        command.Parameters.AddWithValue("$updatedAt", SqliteTime.Write(list.UpdatedAt));
    }

    private static async Task<MailingList?> ReadOneAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static MailingList Read(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        Id = reader.GetString(1),
        PublicKey = reader.GetString(2),
        Name = reader.GetString(3),
        From = reader.GetString(4),
        ReplyTo = reader.IsDBNull(5) ? null : reader.GetString(5),
        DoubleOptIn = reader.GetInt64(6) != 0,
        Confirmation = ListStorageJson.ReadContent(reader.IsDBNull(7) ? null : reader.GetString(7)),
        AllowedOrigins = ListStorageJson.ReadOrigins(reader.GetString(8)),
        CreatedAt = SqliteTime.Read(reader.GetString(9)),
        UpdatedAt = SqliteTime.Read(reader.GetString(10)),
    };
}
