using EmailList.Core.Scheduling;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteScheduledMailStoreTests : ScheduledMailStoreContract, IDisposable
{
    private readonly List<TempDatabase> _files = [];

    protected override Task<IScheduledMailStore> CreateEmptyStoreAsync()
    {
        var file = new TempDatabase();
        _files.Add(file);
        return Task.FromResult<IScheduledMailStore>(new SqliteScheduledMailStore(file.Open()));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
