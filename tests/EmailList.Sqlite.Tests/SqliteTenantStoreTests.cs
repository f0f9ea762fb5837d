using EmailList.Core.Tenants;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteTenantStoreTests : TenantStoreContract, IClassFixture<SharedDatabase>
{
    private readonly SharedDatabase _database;

    public SqliteTenantStoreTests(SharedDatabase database) => _database = database;

    protected override Task<ITenantStore> CreateStoreAsync() => Task.FromResult<ITenantStore>(new SqliteTenantStore(_database.Database));
}
