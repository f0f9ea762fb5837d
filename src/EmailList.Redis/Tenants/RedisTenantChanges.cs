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
public sealed partial class RedisTenantChanges(RedisConnection connection, TenantChangeFeed feed, ILogger<RedisTenantChanges> logger)
    : BackgroundService, ITenantChangePublisher
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

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
            LogPublishFailed(logger, tenantId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The multiplexer resubscribes by itself after a reconnect; only the first subscription needs retrying.
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
                return;
            }
            catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
            {
                LogSubscribeFailed(logger);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell other instances that tenant {TenantId} changed (Redis unavailable); they see it when their tenant cache expires")]
    private static partial void LogPublishFailed(ILogger logger, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to tenant changes (Redis unavailable); retrying")]
    private static partial void LogSubscribeFailed(ILogger logger);
}
