using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Sqlite;

/// <summary>
/// The embedded database file: hands out pooled connections (one per operation, safe for concurrent
/// requests) on a schema brought up to date once per process, before the first connection is used.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly int _busyTimeoutMilliseconds;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteDatabase> _logger;
    private readonly Lock _gate = new();
    private Task? _schema;

    public SqliteDatabase(IOptions<SqliteOptions> options, TimeProvider time, ILogger<SqliteDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout; keep both limits equal.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.Value.BusyTimeout.TotalSeconds)),
        };
        _connectionString = builder.ConnectionString;
        _dataSource = builder.DataSource;
        _busyTimeoutMilliseconds = (int)options.Value.BusyTimeout.TotalMilliseconds;
        _time = time;
        _logger = logger;
    }

    /// <summary>The schema version this build migrates to.</summary>
    public static int SchemaVersion => SqliteMigrations.All[^1].Version;

    /// <summary>An open connection on a migrated schema; the caller disposes it (which returns it to the pool).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await OpenConnectionAsync(cancellationToken);
    }

    /// <summary>Creates or migrates the schema; idempotent, and safe when several processes share the file.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        Task schema;
        lock (_gate)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                // Shared by every caller, so no single caller's token may cancel it; a failure is retried by the next caller.
                _schema = Task.Run(() => MigrateAsync(CancellationToken.None), CancellationToken.None);
            }

            schema = _schema;
        }

        return schema.WaitAsync(cancellationToken);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);

        // BEGIN IMMEDIATE takes the write lock up front: a second host waits here, then finds the work done.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL) STRICT;",
            cancellationToken);

        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The SQLite database '{_dataSource}' is at schema version {current}, newer than this build's {SchemaVersion}; run a newer build.");
        }

        foreach (var (version, sql) in SqliteMigrations.All.Where(migration => migration.Version > current))
        {
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($version, $appliedAt);";
            record.Parameters.AddWithValue("$version", version);
            record.Parameters.AddWithValue("$appliedAt", SqliteTime.Write(_time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (current < SchemaVersion)
        {
            SqliteLog.SchemaMigrated(_logger, _dataSource, current, SchemaVersion);
        }
        else
        {
            SqliteLog.SchemaCurrent(_logger, _dataSource, current);
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // WAL with synchronous=NORMAL: a commit is durable against a process crash and costs no fsync (checkpoints sync).
            await ExecuteAsync(connection, null,
                "PRAGMA busy_timeout = " + _busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture) + "; PRAGMA synchronous = NORMAL;",
                cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
