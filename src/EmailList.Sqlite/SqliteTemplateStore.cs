using EmailList.Core.Templates;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>
/// Templates in the <c>templates</c> table, one row per (tenant, name, version). Each write is one statement, so
/// SQLite's write lock makes "the next version" and "only if the name is new" atomic across connections and processes.
/// </summary>
public sealed class SqliteTemplateStore(SqliteDatabase database) : ITemplateStore
{
    private const string Columns = "tenant_id, name, version, subject, html, text, created_at, updated_at";

    public async Task<Template?> CreateAsync(string tenantId, string name, TemplateContent content, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO templates ({Columns})
            SELECT $tenantId, $name, 1, $subject, $html, $text, $at, $at
            WHERE NOT EXISTS (SELECT 1 FROM templates WHERE tenant_id = $tenantId AND name = $name)
            RETURNING {Columns};
            """;
        AddContent(command, tenantId, name, content, at);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<Template?> GetAsync(string tenantId, string name, int? version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = version is null
            ? $"SELECT {Columns} FROM templates WHERE tenant_id = $tenantId AND name = $name ORDER BY version DESC LIMIT 1;"
            : $"SELECT {Columns} FROM templates WHERE tenant_id = $tenantId AND name = $name AND version = $version;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$name", name);
        if (version is { } v)
        {
            command.Parameters.AddWithValue("$version", v);
        }

        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary><see cref="ArgumentException"/> for a cursor not handed out to this tenant; <see cref="ArgumentOutOfRangeException"/> for a bad limit.</summary>
    public async Task<TemplatePage> ListAsync(string tenantId, TemplateQuery query, CancellationToken cancellationToken)
    {
        var range = TemplateRange.From(tenantId, query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM templates AS t
            WHERE tenant_id = $tenantId AND name > $after
              AND version = (SELECT MAX(version) FROM templates WHERE tenant_id = t.tenant_id AND name = t.name)
            ORDER BY name LIMIT $take;
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$after", range.After ?? string.Empty);
        command.Parameters.AddWithValue("$take", range.Take);
        var items = new List<Template>(range.Take);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }

        return range.ToPage(items);
    }

    public async Task<Template?> UpdateAsync(string tenantId, string name, TemplateContent content, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO templates ({Columns})
            SELECT tenant_id, name, version + 1, $subject, $html, $text, created_at, $at
            FROM templates WHERE tenant_id = $tenantId AND name = $name ORDER BY version DESC LIMIT 1
            RETURNING {Columns};
            """;
        AddContent(command, tenantId, name, content, at);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM templates WHERE tenant_id = $tenantId AND name = $name;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static void AddContent(SqliteCommand command, string tenantId, string name, TemplateContent content, DateTimeOffset at)
    {
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$subject", content.Subject);
        command.Parameters.AddWithValue("$html", (object?)content.Html ?? DBNull.Value);
        command.Parameters.AddWithValue("$text", (object?)content.Text ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", SqliteTime.Write(at));
    }

    private static async Task<Template?> ReadOneAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static Template Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        SqliteTime.Read(reader.GetString(6)),
        SqliteTime.Read(reader.GetString(7)));
}
