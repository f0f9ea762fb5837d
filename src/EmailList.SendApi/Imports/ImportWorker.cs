using EmailList.Core.Lists;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Imports;

/// <summary>
/// Runs imports in the background of every send API instance: claims the oldest queued one (or one whose worker
/// stopped, once its lease ran out) and works through it, <see cref="ImportOptions.Concurrency"/> at a time.
/// </summary>
public sealed class ImportWorker(
    IImportStore store, IServiceProvider services, ImportSignal signal, IOptions<ImportOptions> options, TimeProvider time, ILogger<ImportWorker> logger)
    : BackgroundService
{
    /// <summary>This process start: a restarted instance never continues an old claim as its own.</summary>
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claim = await store.ClaimAsync(time.GetUtcNow(), _owner, options.Value.Lease, stoppingToken);
                if (claim is null)
                {
                    await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
                    continue;
                }

                // Resolved per import, not at start-up: the host starts even before every list service is registered.
                var processor = services.GetRequiredService<ImportProcessor>();
                await processor.RunAsync(claim, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The import keeps its lease until it runs out; then this or another instance takes it up again.
                ImportLog.WorkerFailed(logger, e);
                try
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
