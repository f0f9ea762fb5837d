using EmailList.Core.Tenants;
using EmailList.Dispatcher;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>
/// Runs the dispatcher on its own port in this process, over the same SQLite file, so scheduled mail leaves on time with
/// nothing else to start. It shares the send API's <see cref="TenantChangeFeed"/>, so an offboarding stops it at once too.
/// </summary>
public sealed class DispatcherHost(IConfiguration configuration, IOptions<StandaloneOptions> options, IHostEnvironment environment, TenantChangeFeed changes)
    : IHostedService, IAsyncDisposable
{
    private readonly EmbeddedService _dispatcher = new(typeof(DispatcherExtensions).Assembly.GetName().Name!,
        b =>
        {
            b.Services.AddSingleton(changes);
            b.AddDispatcher();
        },
        _ => { });

    public Task StartAsync(CancellationToken cancellationToken) =>
        _dispatcher.StartAsync(options.Value.DispatcherUrl, configuration, environment, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _dispatcher.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dispatcher.DisposeAsync();
}
