using EmailList.Core.Events;
using EmailList.Core.Webhooks;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteEventStoreTests : EventStoreContract, IClassFixture<SharedDatabase>, IAsyncLifetime
{
    private readonly SqliteEventStore _store;
    private readonly SqliteWebhookDeliveryStore _deliveries;

    public SqliteEventStoreTests(SharedDatabase database)
    {
        _store = new SqliteEventStore(database.Database);
        _deliveries = new SqliteWebhookDeliveryStore(database.Database);
    }

    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(_store);

    protected override Task<IWebhookDeliveryStore> CreateDeliveryStoreAsync() => Task.FromResult<IWebhookDeliveryStore>(_deliveries);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task An_event_that_cannot_be_stored_fails_only_its_own_call_among_concurrent_ones()
    {
        var tenant = NewTenantId();
        var good = Enumerable.Range(0, 40).Select(i => NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(i), "m-" + i, ["a@example.com"])).ToList();
        var bad = NewEvent(tenant, SesEventType.Delivery, T0, "m-bad", ["a@example.com"]) with { RawJson = null! };

        var calls = good.Select(e => Task.Run(() => _store.TryAddAsync(e, None))).Append(Task.Run(() => _store.TryAddAsync(bad, None))).ToList();
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => Task.WhenAll(calls));

        Assert.Equal(1, calls.Count(call => call.IsFaulted));
        Assert.True(calls[^1].IsFaulted);
        Assert.Equal(40, (await _store.QueryAsync(tenant, new EventQuery(Limit: 100), None)).Items.Count);
        Assert.Null(await _store.GetMessageAsync(tenant, "m-bad", None));
    }

    [Fact]
    public async Task Import_stores_a_batch_with_the_same_deduplication_and_roll_up()
    {
        var tenant = NewTenantId();
        var send = NewEvent(tenant, SesEventType.Send, T0, "m-1", ["a@example.com"]);
        var delivery = NewEvent(tenant, SesEventType.Delivery, T0.AddSeconds(1), "m-1", ["a@example.com"]);
        await _store.TryAddAsync(send, None);

        var added = await _store.ImportAsync([send, delivery, delivery], None);

        Assert.Equal(1, added);
        var summary = await _store.GetMessageAsync(tenant, "m-1", None);
        Assert.Equal((2, 1, MessageStatus.Delivered), (summary!.EventCount, summary.Deliveries, summary.Status));
    }
}
