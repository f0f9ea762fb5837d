using EmailList.Core.Broadcasts;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteBroadcastStoreTests : BroadcastStoreContract, IDisposable
{
    private readonly List<TempDatabase> _files = [];

    protected override Task<IBroadcastStore> CreateEmptyStoreAsync()
    {
        var file = new TempDatabase();
        _files.Add(file);
        return Task.FromResult<IBroadcastStore>(new SqliteBroadcastStore(file.Open()));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
