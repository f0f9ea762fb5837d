using EmailList.Core.Events;
using EmailList.Core.Webhooks;
using EmailList.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteEventPurgeServiceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Expired_events_are_purged_at_start_up_and_then_every_interval()
    {
        var time = new FakeTimeProvider(Start);
        await using var store = new SqliteEventStore(_file.Open());
        await store.TryAddAsync(Event("expired-before-start", Start.AddMinutes(-1)), CancellationToken.None);
        await store.TryAddAsync(Event("expires-in-30-minutes", Start.AddMinutes(30)), CancellationToken.None);
        await store.TryAddAsync(Event("expires-in-2-hours", Start.AddHours(2)), CancellationToken.None);
        using var service = new SqliteEventPurgeService(
            store, Options.Create(new SqliteOptions { EventPurgeInterval = TimeSpan.FromHours(1) }), time, NullLogger<SqliteEventPurgeService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(
            async () => await store.GetAsync("t1", "expired-before-start", CancellationToken.None) is null, "the start-up purge of an expired event");
        Assert.NotNull(await store.GetAsync("t1", "expires-in-30-minutes", CancellationToken.None));

        time.Advance(TimeSpan.FromHours(1));
        await Eventually.TrueAsync(
            async () => await store.GetAsync("t1", "expires-in-30-minutes", CancellationToken.None) is null, "the hourly purge of an event expired since start-up");
        Assert.NotNull(await store.GetAsync("t1", "expires-in-2-hours", CancellationToken.None));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Expired_webhook_deliveries_are_purged_with_the_events()
    {
        var time = new FakeTimeProvider(Start);
        var database = _file.Open();
        await using var store = new SqliteEventStore(database);
        var deliveries = new SqliteWebhookDeliveryStore(database);
        await deliveries.AddManyAsync([Delivery("msg_expired", Start.AddMinutes(-1)), Delivery("msg_kept", Start.AddDays(1))], CancellationToken.None);
        using var service = new SqliteEventPurgeService(
            store, Options.Create(new SqliteOptions { EventPurgeInterval = TimeSpan.FromHours(1) }), time, NullLogger<SqliteEventPurgeService>.Instance, deliveries);

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(
            async () => await deliveries.GetAsync("t1", "msg_expired", CancellationToken.None) is null, "the start-up purge of an expired delivery");
        Assert.NotNull(await deliveries.GetAsync("t1", "msg_kept", CancellationToken.None));
        await service.StopAsync(CancellationToken.None);
    }

    private static WebhookDelivery Delivery(string id, DateTimeOffset expiresAt) => new()
    {
        TenantId = "t1",
        Id = id,
        WebhookId = "wh_1",
        EventType = WebhookEventTypes.EmailSent,
        EventId = "e-" + id,
        Payload = "{}",
        CreatedAt = Start.AddDays(-30),
        NextAttemptAt = Start.AddDays(-30),
        ExpiresAt = expiresAt,
    };

    private static SesEvent Event(string id, DateTimeOffset expiresAt) => new()
    {
        TenantId = "t1",
        EventId = id,
        Type = SesEventType.Send,
        OccurredAt = Start.AddDays(-90),
        MessageId = "m-" + id,
        RawJson = "{}",
        ExpiresAt = expiresAt,
    };
}
