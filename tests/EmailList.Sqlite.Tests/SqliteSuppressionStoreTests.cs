using EmailList.Core.Suppression;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteSuppressionStoreTests : SuppressionStoreContract, IClassFixture<SharedDatabase>
{
    private readonly SharedDatabase _database;

    public SqliteSuppressionStoreTests(SharedDatabase database) => _database = database;

    protected override Task<ISuppressionStore> CreateStoreAsync() => Task.FromResult<ISuppressionStore>(new SqliteSuppressionStore(_database.Database));
}
