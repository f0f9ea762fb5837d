using EmailList.Core.Events;
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
        await EventuallyAsync(async () => await store.GetAsync("t1", "expired-before-start", CancellationToken.None) is null);
        Assert.NotNull(await store.GetAsync("t1", "expires-in-30-minutes", CancellationToken.None));

        time.Advance(TimeSpan.FromHours(1));
        await EventuallyAsync(async () => await store.GetAsync("t1", "expires-in-30-minutes", CancellationToken.None) is null);
        Assert.NotNull(await store.GetAsync("t1", "expires-in-2-hours", CancellationToken.None));
        await service.StopAsync(CancellationToken.None);
    }

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

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The purge did not happen within 5 s.");
    }
}
