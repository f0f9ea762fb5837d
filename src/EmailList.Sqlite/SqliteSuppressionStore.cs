using System.Text;
using System.Text.Json;
using EmailList.Core.Suppression;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>The suppression list in the <c>suppression</c> table, keyed by (tenant, normalized address).</summary>
public sealed class SqliteSuppressionStore(SqliteDatabase database) : ISuppressionStore
{
    public const int MaxPageSize = SuppressionRange.MaxPageSize;

    private const string Columns = "tenant_id, email, reason, source, created_at";

    public async Task PutAsync(SuppressionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO suppression ({Columns}) VALUES ($tenantId, $email, $reason, $source, $createdAt)
            ON CONFLICT (tenant_id, email) DO UPDATE SET reason = excluded.reason, source = excluded.source, created_at = excluded.created_at;
            """;
        command.Parameters.AddWithValue("$tenantId", entry.TenantId);
        command.Parameters.AddWithValue("$email", entry.Email);
        command.Parameters.AddWithValue("$reason", entry.Reason.ToString());
        command.Parameters.AddWithValue("$source", entry.Source);
        command.Parameters.AddWithValue("$createdAt", SqliteTime.Write(entry.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RemoveAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM suppression WHERE tenant_id = $tenantId AND email = $email;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$email", email);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<SuppressionEntry?> GetAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM suppression WHERE tenant_id = $tenantId AND email = $email;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$email", email);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlySet<string>> FindSuppressedAsync(string tenantId, IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (emails.Count == 0)
        {
            return found;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One JSON array parameter instead of one parameter per address: no limit on the batch size.
        command.CommandText = "SELECT email FROM suppression WHERE tenant_id = $tenantId AND email IN (SELECT value FROM json_each($emails));";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$emails", JsonArray(emails));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    /// <summary>
    /// Entries in address order (UTF-8 byte order). <see cref="ArgumentException"/> for a cursor that
    /// this store did not hand out for this tenant and prefix; <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>.
    /// </summary>
    public async Task<SuppressionPage> ListAsync(string tenantId, SuppressionQuery query, CancellationToken cancellationToken)
    {
        var range = SuppressionRange.From(tenantId, query);

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Only the clauses in use, so SQLite can seek the primary key range instead of testing "$x IS NULL OR ...".
        var sql = new StringBuilder($"SELECT {Columns} FROM suppression WHERE tenant_id = $tenantId");
        command.Parameters.AddWithValue("$tenantId", tenantId);
        if (range.After is { } after)
        {
            sql.Append(" AND email > $after");
            command.Parameters.AddWithValue("$after", after);
        }

        if (range.Prefix is { } prefix)
        {
            sql.Append(" AND email >= $prefix AND substr(email, 1, length($prefix)) = $prefix");
            command.Parameters.AddWithValue("$prefix", prefix);
            if (PrefixUpperBound(prefix) is { } upper)
            {
                sql.Append(" AND email < $prefixEnd");
                command.Parameters.AddWithValue("$prefixEnd", upper);
            }
        }

        if (range.Reason is { } reason)
        {
            sql.Append(" AND reason = $reason");
            command.Parameters.AddWithValue("$reason", reason.ToString());
        }

        sql.Append(" ORDER BY email LIMIT $take;");
        command.Parameters.AddWithValue("$take", range.Take);
        command.CommandText = sql.ToString();

        var items = new List<SuppressionEntry>(Math.Min(range.Take, 256));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }

        return range.ToPage(items);
    }

    /// <summary>
    /// The smallest string above every string that starts with <paramref name="prefix"/>: the last character
    /// plus one (for a BMP character this keeps UTF-8 byte order); null when that is not a simple character.
    /// </summary>
    private static string? PrefixUpperBound(string prefix)
    {
        var last = prefix[^1];
        return char.IsSurrogate(last) || last == char.MaxValue ? null : string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(last + 1)]);
    }

    private static string JsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static SuppressionEntry Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Enum.Parse<SuppressionReason>(reader.GetString(2)),
        reader.GetString(3),
        SqliteTime.Read(reader.GetString(4)));
}
