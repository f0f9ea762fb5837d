namespace EmailList.Standalone;

/// <summary>
/// One more service of the platform (sandbox, event ingester, query API) run in this process on its own port,
/// with the same configuration as the send API, as it would run in its own container in production.
/// </summary>
public sealed class EmbeddedService : IAsyncDisposable
{
    private readonly string _name;
    private readonly Action<WebApplicationBuilder> _add;
    private readonly Action<WebApplication> _map;
    private WebApplication? _app;

    public EmbeddedService(string name, Action<WebApplicationBuilder> add, Action<WebApplication> map)
    {
        _name = name;
        _add = add;
        _map = map;
    }

    public async Task StartAsync(string url, IConfiguration configuration, IHostEnvironment environment, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = _name,
            EnvironmentName = environment.EnvironmentName,
            ContentRootPath = environment.ContentRootPath,
        });
        // A copy, not a chained source: settings written by this host (such as its URL) must not reach the send API's.
        builder.Configuration.AddInMemoryCollection(configuration.AsEnumerable());
        builder.Configuration.AddInMemoryCollection([new("Urls", url)]);
        builder.AddServiceDefaults();
        _add(builder);

        _app = builder.Build();
        _app.UseServiceDefaults();
        _app.MapDefaultEndpoints();
        _map(_app);
        await _app.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
