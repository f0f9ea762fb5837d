namespace EmailList.Sqlite.Tests;

/// <summary>One temporary database file per test class; the contract tests keep apart by tenant id.</summary>
public sealed class SharedDatabase : IDisposable
{
    private readonly TempDatabase _file = new();

    public SharedDatabase() => Database = _file.Open();

    public SqliteDatabase Database { get; }

    public void Dispose() => _file.Dispose();
}
