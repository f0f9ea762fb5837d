using EmailList.Core.Tenants;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Core.Tests;

public sealed class ReadThroughCacheTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly ReadThroughCache<string> _cache;
    private readonly Store _store = new();

    public ReadThroughCacheTests() => _cache = new ReadThroughCache<string>(_time);

    [Fact]
    public async Task A_value_is_read_once_while_it_is_younger_than_the_max_age_and_again_after()
    {
        _store.Value = "v1";
        Assert.Equal("v1", await GetAsync());
        _store.Value = "v2";
        _time.Advance(MaxAge - TimeSpan.FromTicks(1));
        Assert.Equal("v1", await GetAsync());

        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal("v2", await GetAsync());
        Assert.Equal(2, _store.Reads);
    }

    [Theory]
    [InlineData("invalidate")]
    [InlineData("clear")]
    public async Task A_change_announced_during_a_read_keeps_that_reads_old_value_out_of_the_cache(string change)
    {
        _store.Value = "old";
        var release = _store.HoldNextRead();
        var inFlight = GetAsync();

        _store.Value = "new";
        if (change == "clear")
        {
            _cache.Clear();
        }
        else
        {
            _cache.Invalidate("k");
        }

        release.SetResult();

        Assert.Equal("old", await inFlight);
        Assert.Equal("new", await GetAsync());
        Assert.Equal(2, _store.Reads);
    }

    [Fact]
    public async Task An_invalidation_after_a_read_completed_makes_the_next_get_read_again()
    {
        _store.Value = "old";
        await GetAsync();
        _store.Value = "new";

        _cache.Invalidate("k");

        Assert.Equal("new", await GetAsync());
    }

    private ValueTask<string> GetAsync() =>
        _cache.GetAsync("k", MaxAge, static (_, store, _) => store.ReadAsync(), _store, CancellationToken.None);

    private sealed class Store
    {
        private TaskCompletionSource? _hold;

        public string Value { get; set; } = "";

        public int Reads { get; private set; }

        public TaskCompletionSource HoldNextRead() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<string> ReadAsync()
        {
            Reads++;
            var value = Value;
            if (_hold is { } hold)
            {
                _hold = null;
                await hold.Task;
            }

            return value;
        }
    }
}
