using EmailList.Core.Events;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteEventStoreTests : EventStoreContract, IClassFixture<SharedDatabase>, IAsyncLifetime
{
    private readonly SqliteEventStore _store;

    public SqliteEventStoreTests(SharedDatabase database) => _store = new SqliteEventStore(database.Database);

    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(_store);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();
}
