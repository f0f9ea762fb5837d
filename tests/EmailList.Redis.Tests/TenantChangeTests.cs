using EmailList.Core.Tenants;
using EmailList.Redis.Tenants;
using EmailList.Testing.Redis;

namespace EmailList.Redis.Tests;

[Collection(SharedRedis.Name)]
public sealed class TenantChangeTests(RedisFixture redis)
{
    [Fact]
    public async Task A_change_published_by_one_instance_reaches_every_other_instance()
    {
        await using var publisher = new RedisServices(redis.ConnectionString);
        await using var subscriber = new RedisServices(redis.ConnectionString);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tenant = RedisServices.NewTenant();
        subscriber.Get<TenantChangeFeed>().Subscribe(id =>
        {
            if (id == tenant)
            {
                heard.TrySetResult(id);
            }
        });
        await StartSubscriptionAsync(subscriber);

        await publisher.Get<ITenantChangePublisher>().PublishAsync(tenant, CancellationToken.None);

        Assert.Equal(tenant, await heard.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_publishing_instance_hears_its_own_change_without_waiting_for_Redis()
    {
        await using var services = new RedisServices(redis.ConnectionString);
        var heard = new List<string>();
        services.Get<TenantChangeFeed>().Subscribe(id => heard.Add(id ?? "*"));
        var tenant = RedisServices.NewTenant();

        await services.Get<ITenantChangePublisher>().PublishAsync(tenant, CancellationToken.None);

        Assert.Contains(tenant, heard);
    }

    [Fact]
    public async Task Publishing_with_Redis_unreachable_still_informs_this_instance_and_does_not_throw()
    {
        await using var services = new RedisServices("127.0.0.1:1,connectTimeout=200");
        var heard = new List<string>();
        services.Get<TenantChangeFeed>().Subscribe(id => heard.Add(id ?? "*"));

        await services.Get<ITenantChangePublisher>().PublishAsync("acme", CancellationToken.None);

        Assert.Equal(["acme"], heard);
    }

    [Fact]
    public async Task Once_listening_an_instance_forgets_every_cached_tenant_since_it_may_have_missed_changes()
    {
        await using var services = new RedisServices(redis.ConnectionString);
        var heard = new List<string>();
        services.Get<TenantChangeFeed>().Subscribe(id => heard.Add(id ?? "*"));

        await StartSubscriptionAsync(services);

        Assert.Equal(["*"], heard);
    }

    private static async Task StartSubscriptionAsync(RedisServices services)
    {
        var changes = services.Get<RedisTenantChanges>();
        await changes.StartAsync(CancellationToken.None);
        // SubscribeAsync returns once Redis confirmed the subscription; ExecuteTask completes right after.
        await changes.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
