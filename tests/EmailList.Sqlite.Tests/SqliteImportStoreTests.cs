using EmailList.Core.Lists;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteImportStoreTests : ImportStoreContract, IDisposable
{
    private readonly List<TempDatabase> _files = [];

    protected override Task<IImportStore> CreateEmptyStoreAsync()
    {
        var file = new TempDatabase();
        _files.Add(file);
        return Task.FromResult<IImportStore>(new SqliteImportStore(file.Open()));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
