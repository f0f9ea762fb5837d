using EmailList.Core.Credentials;
using EmailList.Core.Idempotency;
using EmailList.Core.Suppression;
using EmailList.Redis.Idempotency;

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailList.Redis.Tests;

public sealed class RedisOutageTests(RedisOutageFixture outage) : IClassFixture<RedisOutageFixture>
{
    private RedisServices Services => outage.Services;

    [Fact]
    public async Task A_shared_limit_answers_unavailable_without_throwing_and_without_waiting_for_Redis()
    {
        using var limiter = new Limits.RedisFixedWindowLimiter(Services.Get<RedisConnection>(), "outage", 5, TimeSpan.FromMinutes(1));

        var answer = await limiter.AcquireAsync("reader@example.net", CancellationToken.None);

        Assert.False(answer.Allowed);
        Assert.NotNull(answer.Unavailable);
    }

    [Fact]
    public async Task Suppression_lookups_fall_back_to_the_store()
    {
        var tenant = RedisServices.NewTenant();
        Services.Store.Add(tenant, "bounced@example.com");
        var directLookups = Services.Store.DirectLookups;

        var found = await Services.Get<ISuppressionLookup>().FindSuppressedAsync(tenant, ["bounced@example.com", "fine@example.com"], CancellationToken.None);

        Assert.Equal(["bounced@example.com"], found);
        Assert.Equal(directLookups + 1, Services.Store.DirectLookups);
    }

    [Fact]
    public async Task Suppression_changes_do_not_throw()
    {
        var list = new SuppressionList(Services.Store, Services.Get<ISuppressionLookup>(), TimeProvider.System);
        var tenant = RedisServices.NewTenant();

        await list.AddAsync(tenant, "new@example.com", SuppressionReason.Bounce, "api", CancellationToken.None);
        Assert.True(await list.RemoveAsync(tenant, "new@example.com", CancellationToken.None));
    }

    [Fact]
    public async Task The_credential_cache_reports_a_miss_without_throwing_and_without_waiting_for_Redis()
    {
        var cache = Services.Get<ICredentialCache>();
        var tenant = RedisServices.NewTenant();

        // The fixture's Redis timeouts are ten minutes: only calls that fail fast finish within the minute.
        var cached = await Task.Run(async () =>
        {
            await cache.SetAsync(tenant, CredentialCacheTests.NewCredentials(), TimeSpan.FromMinutes(1), CancellationToken.None);
            var found = await cache.GetAsync(tenant, CancellationToken.None);
            await cache.RemoveAsync(tenant, CancellationToken.None);
            return found;
        }).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Null(cached);
    }

    [Fact]
    public async Task Idempotency_falls_back_to_this_process_memory()
    {
        var store = Services.Get<IIdempotencyStore>();
        var tenant = RedisServices.NewTenant();

        var first = await store.TryClaimAsync(tenant, "key-1", "hash-a", TimeSpan.FromMinutes(1), CancellationToken.None);
        var second = await store.TryClaimAsync(tenant, "key-1", "hash-a", TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.CompleteAsync(tenant, "key-1", "hash-a", new IdempotentResponse(202, "{}"), TimeSpan.FromHours(24), CancellationToken.None);
        var replay = await store.TryClaimAsync(tenant, "key-1", "hash-a", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.IsType<RedisIdempotencyStore>(store);
        Assert.Equal(IdempotencyClaimStatus.Claimed, first.Status);
        Assert.Equal(IdempotencyClaimStatus.InProgress, second.Status);
        Assert.Equal(IdempotencyClaimStatus.Completed, replay.Status);
        Assert.Equal(IdempotencyClaimStatus.Completed, (await Services.Get<InMemoryIdempotencyStore>().TryClaimAsync(tenant, "key-1", "hash-a", TimeSpan.FromMinutes(1), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task The_health_check_reports_degraded()
    {
        var report = await Services.Get<HealthCheckService>().CheckHealthAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Degraded, report.Entries["redis"].Status);
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("Sends go on", report.Entries["redis"].Description, StringComparison.Ordinal);
    }
}
