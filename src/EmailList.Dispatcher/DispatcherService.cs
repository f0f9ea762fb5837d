using EmailList.Core.Scheduling;

namespace EmailList.Dispatcher;

/// <summary>Hosts the dispatch loop; on stop, in-flight sends finish and claims not yet sent are given back.</summary>
public sealed class DispatcherService(ScheduledMailDispatcher dispatcher) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => dispatcher.RunAsync(stoppingToken);
}
