using EmailList.Core.Tenants;
using EmailList.QueryApi;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>
/// Runs the query API on its own port in this process. It shares the send API's <see cref="TenantChangeFeed"/>, so that a
/// role removed through the query API stops the send API's sends at once without Redis.
/// </summary>
public sealed class QueryApiHost(IConfiguration configuration, IOptions<StandaloneOptions> options, IHostEnvironment environment, TenantChangeFeed changes)
    : IHostedService, IAsyncDisposable
{
    private readonly EmbeddedService _queryApi = new(typeof(QueryApiExtensions).Assembly.GetName().Name!,
        b =>
        {
            b.Services.AddSingleton(changes);
            b.AddQueryApi();
        },
        a => a.MapQueryApi());

    public Task StartAsync(CancellationToken cancellationToken) =>
        _queryApi.StartAsync(options.Value.QueryApiUrl, configuration, environment, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _queryApi.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _queryApi.DisposeAsync();
}
