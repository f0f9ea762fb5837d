using System.Text;

using EmailList.Core.Credentials;
using EmailList.Redis.Credentials;
using EmailList.Testing;
using EmailList.Testing.Redis;

using StackExchange.Redis;

namespace EmailList.Redis.Tests;

[Collection(SharedRedis.Name)]
public sealed class CredentialCacheTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private RedisServices _services = null!;

    public Task InitializeAsync()
    {
        _services = new RedisServices(redis.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Stored_credentials_come_back_as_they_went_in()
    {
        var cache = _services.Get<ICredentialCache>();
        var tenant = RedisServices.NewTenant();
        var cached = NewCredentials();

        await cache.SetAsync(tenant, cached, Minute, CancellationToken.None);

        Assert.Equal(cached, await cache.GetAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task A_tenant_without_an_entry_is_a_miss()
    {
        var cache = _services.Get<ICredentialCache>();

        Assert.Null(await cache.GetAsync(RedisServices.NewTenant(), CancellationToken.None));
    }

    [Fact]
    public async Task Nothing_readable_is_stored_in_redis()
    {
        var cache = _services.Get<ICredentialCache>();
        var tenant = RedisServices.NewTenant();
        var cached = NewCredentials();

        await cache.SetAsync(tenant, cached, Minute, CancellationToken.None);

        var database = await _services.DatabaseAsync();
        var raw = (byte[]?)await database.StringGetAsync($"el:{tenant}:credentials");
        Assert.NotNull(raw);
        var asText = Encoding.UTF8.GetString(raw);
        Assert.DoesNotContain(cached.Credentials.AccessKeyId, asText, StringComparison.Ordinal);
        Assert.DoesNotContain(cached.Credentials.SecretAccessKey, asText, StringComparison.Ordinal);
        Assert.DoesNotContain(cached.Credentials.SessionToken, asText, StringComparison.Ordinal);
        Assert.DoesNotContain(cached.RoleFingerprint, asText, StringComparison.Ordinal);
        var fromCli = await redis.RedisCliAsync("GET", $"el:{tenant}:credentials");
        Assert.DoesNotContain(cached.Credentials.SecretAccessKey, fromCli, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_writes_of_the_same_credentials_store_different_bytes()
    {
        var cache = _services.Get<ICredentialCache>();
        var tenant = RedisServices.NewTenant();
        var cached = NewCredentials();
        var database = await _services.DatabaseAsync();

        await cache.SetAsync(tenant, cached, Minute, CancellationToken.None);
        var first = (byte[]?)await database.StringGetAsync($"el:{tenant}:credentials");
        await cache.SetAsync(tenant, cached, Minute, CancellationToken.None);
        var second = (byte[]?)await database.StringGetAsync($"el:{tenant}:credentials");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_tampered_entry_is_a_miss()
    {
        var cache = _services.Get<ICredentialCache>();
        var tenant = RedisServices.NewTenant();
        await cache.SetAsync(tenant, NewCredentials(), Minute, CancellationToken.None);
        var database = await _services.DatabaseAsync();
        var raw = (byte[])(await database.StringGetAsync($"el:{tenant}:credentials"))!;

        raw[raw.Length / 2] ^= 0x01;
        await database.StringSetAsync($"el:{tenant}:credentials", raw);

        Assert.Null(await cache.GetAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task An_entry_copied_to_another_tenants_key_is_a_miss()
    {
        var cache = _services.Get<ICredentialCache>();
        var victim = RedisServices.NewTenant();
        var attacker = RedisServices.NewTenant();
        await cache.SetAsync(victim, NewCredentials(), Minute, CancellationToken.None);
        var database = await _services.DatabaseAsync();

        var raw = (byte[])(await database.StringGetAsync($"el:{victim}:credentials"))!;
        await database.StringSetAsync($"el:{attacker}:credentials", raw);

        Assert.Null(await cache.GetAsync(attacker, CancellationToken.None));
        Assert.NotNull(await cache.GetAsync(victim, CancellationToken.None));
    }

    [Fact]
    public async Task An_entry_expires_after_its_time_to_live()
    {
        var cache = _services.Get<ICredentialCache>();
        var tenant = RedisServices.NewTenant();
        var database = await _services.DatabaseAsync();

        await cache.SetAsync(tenant, NewCredentials(), TimeSpan.FromHours(1), CancellationToken.None);
        var timeToLive = await database.KeyTimeToLiveAsync($"el:{tenant}:credentials");
        Assert.InRange(timeToLive!.Value, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
        Assert.NotNull(await cache.GetAsync(tenant, CancellationToken.None));

        await cache.SetAsync(tenant, NewCredentials(), TimeSpan.FromSeconds(1), CancellationToken.None);

        // Waits on the expiry itself, not on the clock: a busy machine only makes it take longer.
        await Eventually.TrueAsync(async () => await cache.GetAsync(tenant, CancellationToken.None) is null, "the credentials expiring after 1 s", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Removed_credentials_are_a_miss()
    {
        var cache = _services.Get<ICredentialCache>();
        var tenant = RedisServices.NewTenant();
        await cache.SetAsync(tenant, NewCredentials(), Minute, CancellationToken.None);

        await cache.RemoveAsync(tenant, CancellationToken.None);

        Assert.Null(await cache.GetAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task After_a_key_rotation_entries_written_under_the_previous_key_still_decrypt()
    {
        var tenant = RedisServices.NewTenant();
        var cached = NewCredentials();
        await using var before = new RedisServices(redis.ConnectionString);
        await before.Get<ICredentialCache>().SetAsync(tenant, cached, Minute, CancellationToken.None);

        await using var after = new RedisServices(redis.ConnectionString, RedisServices.NewKey(), [before.Key]);

        Assert.Equal(cached, await after.Get<ICredentialCache>().GetAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task Entries_under_a_key_the_reader_does_not_know_are_a_miss()
    {
        var tenant = RedisServices.NewTenant();
        await using var writer = new RedisServices(redis.ConnectionString);
        await writer.Get<ICredentialCache>().SetAsync(tenant, NewCredentials(), Minute, CancellationToken.None);

        await using var reader = new RedisServices(redis.ConnectionString);

        Assert.Null(await reader.Get<ICredentialCache>().GetAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task After_a_rotation_new_entries_are_written_under_the_new_key()
    {
        var tenant = RedisServices.NewTenant();
        await using var oldOnly = new RedisServices(redis.ConnectionString);
        await using var rotated = new RedisServices(redis.ConnectionString, RedisServices.NewKey(), [oldOnly.Key]);

        await rotated.Get<ICredentialCache>().SetAsync(tenant, NewCredentials(), Minute, CancellationToken.None);

        Assert.Null(await oldOnly.Get<ICredentialCache>().GetAsync(tenant, CancellationToken.None));
        Assert.NotNull(await rotated.Get<ICredentialCache>().GetAsync(tenant, CancellationToken.None));
    }

    internal static CachedCredentials NewCredentials()
    {
        var suffix = Guid.NewGuid().ToString("N");
        return new CachedCredentials(
            "fingerprint-" + suffix,
            new TemporaryCredentials("ASIA" + suffix[..16].ToUpperInvariant(), "secret-" + suffix, "session-token-" + suffix, DateTimeOffset.UnixEpoch.AddYears(60)));
    }
}
