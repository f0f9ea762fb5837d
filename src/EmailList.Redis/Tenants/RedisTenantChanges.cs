using EmailList.Core.Tenants;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EmailList.Redis.Tenants;

/// <summary>
/// Tenant changes across instances over Redis pub/sub (<see cref="RedisKeys.TenantChanges"/>): published changes reach this
/// process at once and every subscribed instance within the pub/sub latency. When Redis is unreachable, other instances
/// notice the change when their cached tenant record expires (Tenants:CacheDuration).
/// </summary>
public sealed class RedisTenantChanges(RedisConnection connection, TenantChangeFeed feed, ILogger<RedisTenantChanges> logger)
    : BackgroundService, ITenantChangePublisher
{
    private static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task PublishAsync(string tenantId, CancellationToken cancellationToken)
    {
        feed.Raise(tenantId);
        try
        {
            var multiplexer = await connection.GetMultiplexerAsync(cancellationToken);
            await multiplexer.GetSubscriber().PublishAsync(RedisKeys.TenantChanges, tenantId);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisTenantChangesLog.PublishFailed(logger, tenantId);
        }
    }

    /// <summary>
    /// Starts listening and waits (at most <see cref="StartupWait"/>) until it does: a change published right after
    /// start-up must not be missed. A Redis that is down delays start-up by no more than that.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await Task.WhenAny(_subscribed.Task, Task.Delay(StartupWait, cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await connection.GetMultiplexerAsync(stoppingToken);
                var queue = await multiplexer.GetSubscriber().SubscribeAsync(RedisKeys.TenantChanges);
                queue.OnMessage(message =>
                {
                    if (message.Message.HasValue && TenantId.IsValid(message.Message.ToString()))
                    {
                        feed.Raise(message.Message.ToString());
                    }
                });
                // Changes published while this instance was not listening are lost: forget every cached tenant,
                // now and whenever the subscription comes back after an outage (the multiplexer resubscribes by itself).
                multiplexer.ConnectionRestored += (_, args) =>
                {
                    if (args.ConnectionType == ConnectionType.Subscription)
                    {
                        feed.RaiseAll();
                    }
                };
                feed.RaiseAll();
                _subscribed.TrySetResult();
                return;
            }
            catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
            {
                RedisTenantChangesLog.SubscribeFailed(logger);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}
