using EmailList.Testing.Redis;

namespace EmailList.Redis.Tests;

/// <summary>A Redis the adapters were connected to and that then stopped, as in a crash mid-run.</summary>
public sealed class RedisOutageFixture : IAsyncLifetime
{
    private readonly RedisFixture _redis = new();

    public RedisServices Services { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        // Timeouts of ten minutes: an adapter that waited on the dead Redis instead of falling back at once would hang the test.
        Services = new RedisServices(_redis.ConnectionString, extraSettings: new Dictionary<string, string?>
        {
            ["Redis:SyncTimeoutMilliseconds"] = "600000",
            ["Redis:AsyncTimeoutMilliseconds"] = "600000",
        });
        await (await Services.DatabaseAsync()).PingAsync();
        await _redis.StopAsync();
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
