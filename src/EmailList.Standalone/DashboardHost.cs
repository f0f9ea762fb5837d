using EmailList.Dashboard;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>
/// Runs the tenant dashboard on its own loopback port in this process. It calls the query and send APIs over HTTP, as
/// it does deployed; local sign-in gets its tokens from the send API's GET /_dev/token (see <see cref="EmbeddedDefaults"/>).
/// </summary>
public sealed class DashboardHost(IConfiguration configuration, IOptions<StandaloneOptions> options, IHostEnvironment environment)
    : IHostedService, IAsyncDisposable
{
    private readonly EmbeddedService _dashboard = new(typeof(DashboardExtensions).Assembly.GetName().Name!,
        b => b.AddDashboard(),
        a => a.MapDashboard());

    public Task StartAsync(CancellationToken cancellationToken) =>
        _dashboard.StartAsync(options.Value.DashboardUrl, configuration, environment, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _dashboard.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();
}
