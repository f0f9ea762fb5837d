using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task The_first_use_creates_the_directory_the_schema_and_WAL_mode()
    {
        var store = new SqliteTenantStore(_file.Open());

        Assert.Null(await store.GetAsync("nobody", CancellationToken.None));

        Assert.True(File.Exists(_file.FilePath));
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteDatabase.SchemaVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version;"));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing_and_keeps_the_data()
    {
        var first = _file.Open();
        await first.EnsureSchemaAsync(CancellationToken.None);
        await new SqliteSuppressionStore(first).PutAsync(
            new SuppressionEntry("t1", "a@example.com", SuppressionReason.Bounce, "api", DateTimeOffset.UnixEpoch), CancellationToken.None);

        await _file.Open().EnsureSchemaAsync(CancellationToken.None);
        await _file.Open().EnsureSchemaAsync(CancellationToken.None);

        Assert.Equal((long)SqliteDatabase.SchemaVersion, await ScalarAsync("SELECT COUNT(*) FROM schema_version;"));
        Assert.NotNull(await new SqliteSuppressionStore(_file.Open()).GetAsync("t1", "a@example.com", CancellationToken.None));
    }

    [Fact]
    public async Task Hosts_starting_together_on_one_file_all_succeed_and_migrate_once()
    {
        // Separate SqliteDatabase instances share nothing in-process, as separate hosts would.
        var databases = Enumerable.Range(0, 8).Select(_ => _file.Open()).ToList();

        await Task.WhenAll(databases.Select(database => Task.Run(() => database.EnsureSchemaAsync(CancellationToken.None))));

        Assert.Equal((long)SqliteDatabase.SchemaVersion, await ScalarAsync("SELECT COUNT(*) FROM schema_version;"));
        var now = DateTimeOffset.UnixEpoch;
        var created = await Task.WhenAll(databases.Select((database, i) => new SqliteTenantStore(database).TryCreateAsync(
            new Tenant { Id = $"t-{i}", Name = "n", ExternalId = "x", CreatedAt = now, UpdatedAt = now }, CancellationToken.None)));
        Assert.All(created, Assert.True);
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused_with_a_clear_message()
    {
        await _file.Open().EnsureSchemaAsync(CancellationToken.None);
        await ScalarAsync("INSERT INTO schema_version (version, applied_at) VALUES (9999, '2030-01-01T00:00:00.0000000Z'); SELECT 1;");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _file.Open().EnsureSchemaAsync(CancellationToken.None));
        Assert.Contains("9999", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_of_the_first_release_is_migrated_and_its_tenants_get_the_default_event_retention()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file.FilePath)!);
        // Schema version 1 exactly as it shipped, with one tenant in it.
        await ScalarAsync("""
            CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL) STRICT;
            INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00.0000000Z');
            CREATE TABLE tenants (
                id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, external_id TEXT NOT NULL, status TEXT NOT NULL,
                aws_account_id TEXT NULL, role_arn TEXT NULL, region TEXT NULL, configuration_set_name TEXT NULL,
                created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
            CREATE INDEX tenants_by_account ON tenants (aws_account_id) WHERE aws_account_id IS NOT NULL;
            CREATE TABLE suppression (
                tenant_id TEXT NOT NULL, email TEXT NOT NULL, reason TEXT NOT NULL, source TEXT NOT NULL, created_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, email)) STRICT, WITHOUT ROWID;
            INSERT INTO tenants VALUES ('t-old', 'Old', 'ext', 'Active', NULL, NULL, NULL, NULL, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');
            SELECT 1;
            """);

        var tenant = await new SqliteTenantStore(_file.Open()).GetAsync("t-old", CancellationToken.None);

        Assert.Equal(Tenant.DefaultEventRetentionDays, tenant!.EventRetentionDays);
        Assert.Equal("Old", tenant.Name);
        Assert.Equal((long)SqliteDatabase.SchemaVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version;"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM events;"));
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(_file.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
