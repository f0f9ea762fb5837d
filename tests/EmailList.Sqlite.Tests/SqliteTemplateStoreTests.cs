using EmailList.Core.Templates;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteTemplateStoreTests : TemplateStoreContract, IClassFixture<SharedDatabase>
{
    private readonly SharedDatabase _database;

    public SqliteTemplateStoreTests(SharedDatabase database) => _database = database;

    protected override Task<ITemplateStore> CreateStoreAsync() => Task.FromResult<ITemplateStore>(new SqliteTemplateStore(_database.Database));
}
