using EmailList.Redis.Limits;
using EmailList.Testing.Redis;
using StackExchange.Redis;

namespace EmailList.Redis.Tests;

[Collection(SharedRedis.Name)]
public sealed class RedisFixedWindowLimiterTests(RedisFixture redis)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Two_instances_sharing_one_Redis_together_allow_only_the_limit_per_key()
    {
        await using var first = new RedisServices(redis.ConnectionString);
        await using var second = new RedisServices(redis.ConnectionString);
        var name = NewName();
        using var a = new RedisFixedWindowLimiter(first.Get<RedisConnection>(), name, 3, Window);
        using var b = new RedisFixedWindowLimiter(second.Get<RedisConnection>(), name, 3, Window);

        var answers = new List<RedisLimitAnswer>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await (i % 2 == 0 ? a : b).AcquireAsync("reader@example.net", CancellationToken.None));
        }

        Assert.Equal([true, true, true, false, false, false], answers.Select(x => x.Allowed));
        Assert.All(answers, x => Assert.Null(x.Unavailable));
        Assert.All(answers.Where(x => !x.Allowed), x => Assert.InRange(x.RetryAfter, TimeSpan.FromSeconds(1), Window));
        Assert.True((await b.AcquireAsync("someone-else@example.net", CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task Limits_with_different_names_count_apart()
    {
        await using var services = new RedisServices(redis.ConnectionString);
        using var perClient = new RedisFixedWindowLimiter(services.Get<RedisConnection>(), NewName(), 1, Window);
        using var perAddress = new RedisFixedWindowLimiter(services.Get<RedisConnection>(), NewName(), 1, Window);

        Assert.True((await perClient.AcquireAsync("same-key", CancellationToken.None)).Allowed);
        Assert.True((await perAddress.AcquireAsync("same-key", CancellationToken.None)).Allowed);
        Assert.False((await perAddress.AcquireAsync("same-key", CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task The_key_is_stored_hashed_so_Redis_holds_no_address()
    {
        await using var services = new RedisServices(redis.ConnectionString);
        var name = NewName();
        using var limiter = new RedisFixedWindowLimiter(services.Get<RedisConnection>(), name, 2, Window);

        await limiter.AcquireAsync("private-person@example.net", CancellationToken.None);

        var server = (await services.Get<RedisConnection>().GetMultiplexerAsync(CancellationToken.None)).GetServers()[0];
        var keys = server.Keys(pattern: $"*{name}*").Select(k => k.ToString()).ToList();
        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, k => k.Contains("private-person", StringComparison.OrdinalIgnoreCase));
        Assert.All(keys, k => Assert.True(TimeSpan.Zero < server.Multiplexer.GetDatabase().KeyTimeToLive(k), $"{k} never expires"));
    }

    private static string NewName() => "test-" + Guid.NewGuid().ToString("N")[..12];
}
