using StackExchange.Redis;

namespace EmailList.Redis.Tests;

public sealed class RedisConfigurationTests
{
    [Fact]
    public void Replies_are_read_on_the_thread_pool_unless_dedicated_threads_are_asked_for()
    {
        var pooled = RedisConnection.CreateConfiguration(new RedisOptions { ConnectionString = "127.0.0.1:6379" }, null);
        var dedicated = RedisConnection.CreateConfiguration(new RedisOptions { ConnectionString = "127.0.0.1:6379", DedicatedSocketThreads = true }, null);

        Assert.Same(SocketManager.ThreadPool, pooled.SocketManager);
        Assert.Same(SocketManager.Shared, dedicated.SocketManager);
        Assert.Equal(BacklogPolicy.FailFast, pooled.BacklogPolicy);
    }
}
