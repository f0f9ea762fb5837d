using EmailList.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Sqlite.Tests;

/// <summary>A database file in a fresh temporary directory, deleted with it.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "emaillist-sqlite-" + Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(Folder, "nested", "emaillist.db");
        ConnectionString = $"Data Source={FilePath}";
    }

    public string Folder { get; }

    /// <summary>In a directory that does not exist yet: the store must create it.</summary>
    public string FilePath { get; }

    public string ConnectionString { get; }

    public SqliteDatabase Open() =>
        new(Options.Create(new SqliteOptions { ConnectionString = ConnectionString }), TimeProvider.System, NullLogger<SqliteDatabase>.Instance);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
