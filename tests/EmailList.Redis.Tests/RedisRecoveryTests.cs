using EmailList.Core.Suppression;
using EmailList.Testing;
using EmailList.Testing.Redis;

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailList.Redis.Tests;

/// <summary>Owns its Redis: it stops and restarts it.</summary>
public sealed class RedisRecoveryTests : IAsyncLifetime
{
    private readonly RedisFixture _redis = new();
    private RedisServices _services = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _services = new RedisServices(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task After_Redis_restarts_the_adapters_use_it_again_and_rebuild_what_was_lost()
    {
        var tenant = RedisServices.NewTenant();
        _services.Store.Add(tenant, "bounced@example.com");
        var lookup = _services.Get<ISuppressionLookup>();
        var health = _services.Get<HealthCheckService>();
        Assert.Single(await lookup.FindSuppressedAsync(tenant, ["bounced@example.com"], CancellationToken.None));

        await _redis.StopAsync();
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(CancellationToken.None)).Status);
        await _redis.StartAsync();

        await Eventually.ValueAsync(
            async () =>
            {
                var report = await health.CheckHealthAsync(CancellationToken.None);
                return (report.Status == HealthStatus.Healthy, report);
            },
            "the client reconnecting to the restarted Redis",
            report => string.Join(", ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description}")),
            TimeSpan.FromSeconds(15));

        Assert.Equal(["bounced@example.com"], await lookup.FindSuppressedAsync(tenant, ["bounced@example.com"], CancellationToken.None));
        Assert.Equal(2, _services.Store.FullLoads);
    }
}
