using EmailList.Core.Lists;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteListStoreTests : ListStoreContract, IClassFixture<SharedDatabase>
{
    private readonly SharedDatabase _database;

    public SqliteListStoreTests(SharedDatabase database) => _database = database;

    protected override Task<(IListStore Lists, IContactStore Contacts)> CreateStoresAsync() =>
        Task.FromResult<(IListStore, IContactStore)>((new SqliteListStore(_database.Database), new SqliteContactStore(_database.Database)));
}
