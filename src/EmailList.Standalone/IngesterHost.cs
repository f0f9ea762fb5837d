using EmailList.Core.Tenants;
using EmailList.EventIngester;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>
/// Runs the event ingester on its own port in this process. It shares the send API's <see cref="TenantChangeFeed"/>, so
/// that a role removed through the query API stops the ingester storing the tenant's events at once, as it stops sends.
/// </summary>
public sealed class IngesterHost(IConfiguration configuration, IOptions<StandaloneOptions> options, IHostEnvironment environment, TenantChangeFeed changes)
    : IHostedService, IAsyncDisposable
{
    private readonly EmbeddedService _ingester = new(typeof(EventIngesterExtensions).Assembly.GetName().Name!,
        b =>
        {
            b.Services.AddSingleton(changes);
            b.AddEventIngester();
        },
        a => a.MapEventIngester());

    public Task StartAsync(CancellationToken cancellationToken) =>
        _ingester.StartAsync(options.Value.IngesterUrl, configuration, environment, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _ingester.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _ingester.DisposeAsync();
}
