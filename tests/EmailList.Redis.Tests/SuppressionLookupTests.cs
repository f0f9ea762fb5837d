using EmailList.Core.Suppression;
using EmailList.Testing.Redis;

using StackExchange.Redis;

namespace EmailList.Redis.Tests;

[Collection(SharedRedis.Name)]
public sealed class SuppressionLookupTests(RedisFixture redis) : IAsyncLifetime
{
    private RedisServices _services = null!;

    private ISuppressionLookup Lookup => _services.Get<ISuppressionLookup>();

    private DictionarySuppressionStore Store => _services.Store;

    public Task InitializeAsync()
    {
        _services = new RedisServices(redis.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_cold_set_is_rebuilt_from_the_store_and_answers_from_it()
    {
        var tenant = RedisServices.NewTenant();
        Store.Add(tenant, "bounced@example.com", "complained@example.com");

        var found = await Lookup.FindSuppressedAsync(tenant, ["bounced@example.com", "fine@example.com"], CancellationToken.None);

        Assert.Equal(["bounced@example.com"], found);
        Assert.Equal(1, Store.FullLoads);
        var database = await _services.DatabaseAsync();
        Assert.True(await database.SetContainsAsync($"el:{tenant}:suppressed", "complained@example.com"));
    }

    [Fact]
    public async Task A_warm_set_answers_without_reading_the_store()
    {
        var tenant = RedisServices.NewTenant();
        Store.Add(tenant, "bounced@example.com");
        await Lookup.FindSuppressedAsync(tenant, ["bounced@example.com"], CancellationToken.None);

        var found = await Lookup.FindSuppressedAsync(tenant, ["bounced@example.com", "fine@example.com"], CancellationToken.None);

        Assert.Equal(["bounced@example.com"], found);
        Assert.Equal(1, Store.FullLoads);
        Assert.Equal(0, Store.DirectLookups);
    }

    [Fact]
    public async Task A_list_longer_than_one_page_is_loaded_whole()
    {
        var tenant = RedisServices.NewTenant();
        var addresses = Enumerable.Range(0, 2500).Select(i => $"user{i:D5}@example.com").ToArray();
        Store.Add(tenant, addresses);

        var found = await Lookup.FindSuppressedAsync(tenant, ["user00000@example.com", "user02499@example.com", "other@example.com"], CancellationToken.None);

        Assert.Equal(["user00000@example.com", "user02499@example.com"], found.Order(StringComparer.Ordinal));
        var database = await _services.DatabaseAsync();
        Assert.Equal(2501, await database.SetLengthAsync($"el:{tenant}:suppressed"));
    }

    [Fact]
    public async Task A_tenant_with_an_empty_list_is_cached_as_loaded()
    {
        var tenant = RedisServices.NewTenant();

        Assert.Empty(await Lookup.FindSuppressedAsync(tenant, ["a@example.com"], CancellationToken.None));
        Assert.Empty(await Lookup.FindSuppressedAsync(tenant, ["a@example.com"], CancellationToken.None));

        Assert.Equal(1, Store.FullLoads);
    }

    [Fact]
    public async Task Tenants_do_not_see_each_others_suppressions()
    {
        var first = RedisServices.NewTenant();
        var second = RedisServices.NewTenant();
        Store.Add(first, "shared@example.com");

        Assert.Single(await Lookup.FindSuppressedAsync(first, ["shared@example.com"], CancellationToken.None));
        Assert.Empty(await Lookup.FindSuppressedAsync(second, ["shared@example.com"], CancellationToken.None));
    }

    [Fact]
    public async Task Added_and_removed_addresses_are_reflected_in_a_warm_set()
    {
        var tenant = RedisServices.NewTenant();
        var list = new SuppressionList(Store, Lookup, TimeProvider.System);
        await Lookup.FindSuppressedAsync(tenant, ["x@example.com"], CancellationToken.None);

        await list.AddAsync(tenant, "New@Example.com", SuppressionReason.Complaint, "api", CancellationToken.None);
        Assert.Equal(["new@example.com"], await Lookup.FindSuppressedAsync(tenant, ["new@example.com"], CancellationToken.None));

        await list.RemoveAsync(tenant, "new@example.com", CancellationToken.None);
        Assert.Empty(await Lookup.FindSuppressedAsync(tenant, ["new@example.com"], CancellationToken.None));

        Assert.Equal(1, Store.FullLoads);
    }

    [Fact]
    public async Task An_address_added_before_the_first_lookup_is_found()
    {
        var tenant = RedisServices.NewTenant();
        var list = new SuppressionList(Store, Lookup, TimeProvider.System);

        await list.AddAsync(tenant, "early@example.com", SuppressionReason.Bounce, "api", CancellationToken.None);

        Assert.Equal(["early@example.com"], await Lookup.FindSuppressedAsync(tenant, ["early@example.com"], CancellationToken.None));
    }

    [Fact]
    public async Task After_FLUSHALL_suppressed_addresses_are_still_found()
    {
        var tenant = RedisServices.NewTenant();
        Store.Add(tenant, "bounced@example.com");
        Assert.Single(await Lookup.FindSuppressedAsync(tenant, ["bounced@example.com"], CancellationToken.None));

        await redis.RedisCliAsync("FLUSHALL");

        Assert.Equal(["bounced@example.com"], await Lookup.FindSuppressedAsync(tenant, ["bounced@example.com"], CancellationToken.None));
        Assert.Equal(2, Store.FullLoads);
    }

    [Fact]
    public async Task Concurrent_lookups_on_a_cold_set_rebuild_it_once()
    {
        var tenant = RedisServices.NewTenant();
        Store.Add(tenant, "bounced@example.com");
        Store.ListDelay = TimeSpan.FromMilliseconds(100);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => Lookup.FindSuppressedAsync(tenant, ["bounced@example.com", "fine@example.com"], CancellationToken.None)));

        Assert.All(answers, found => Assert.Equal(["bounced@example.com"], found));
        Assert.Equal(1, Store.FullLoads);
    }

    [Fact]
    public async Task The_cached_set_expires_so_drift_is_bounded()
    {
        var tenant = RedisServices.NewTenant();
        Store.Add(tenant, "bounced@example.com");

        await Lookup.FindSuppressedAsync(tenant, ["bounced@example.com"], CancellationToken.None);

        var database = await _services.DatabaseAsync();
        var timeToLive = await database.KeyTimeToLiveAsync($"el:{tenant}:suppressed");
        Assert.NotNull(timeToLive);
        Assert.InRange(timeToLive.Value, TimeSpan.FromHours(5), TimeSpan.FromHours(6));
    }
}
