using EmailList.Core.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Sqlite;

/// <summary>
/// Deletes expired events and summaries, and expired webhook deliveries (the outbox and log), at start-up and then every
/// <see cref="SqliteOptions.EventPurgeInterval"/>.
/// </summary>
public sealed class SqliteEventPurgeService(
    SqliteEventStore store,
    IOptions<SqliteOptions> options,
    TimeProvider time,
    ILogger<SqliteEventPurgeService> logger,
    IWebhookDeliveryStore? deliveries = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EventPurgeInterval, time);
        do
        {
            try
            {
                var purged = await store.PurgeExpiredAsync(time.GetUtcNow(), stoppingToken);
                if (purged > 0)
                {
                    SqliteLog.EventsPurged(logger, purged);
                }

                if (deliveries is not null && await deliveries.PurgeExpiredAsync(time.GetUtcNow(), stoppingToken) is var purgedDeliveries and > 0)
                {
                    SqliteLog.DeliveriesPurged(logger, purgedDeliveries);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SqliteLog.PurgeFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
