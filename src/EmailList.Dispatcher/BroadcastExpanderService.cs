using EmailList.Core.Broadcasts;

namespace EmailList.Dispatcher;

/// <summary>Hosts the broadcast expander: starts due broadcasts, queues their recipients, counts progress, pauses on the guard.</summary>
public sealed class BroadcastExpanderService(BroadcastExpander expander) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => expander.RunAsync(stoppingToken);
}
