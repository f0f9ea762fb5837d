using EmailList.EventIngester;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmailList.EventIngester.Tests;

/// <summary>The ingester exactly as Program.cs builds it, on Kestrel at 127.0.0.1 with an ephemeral port.</summary>
public sealed class IngesterHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IngesterHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<IngesterHost> StartAsync(IEnumerable<KeyValuePair<string, string?>> configuration, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EventIngesterExtensions).Assembly.GetName().Name,
            EnvironmentName = "Test",
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddEventIngester();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapEventIngester();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new IngesterHost(app, new Uri(address));
    }

    public HttpClient CreateClient(string? ingestKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (ingestKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-EmailList-Ingest-Key", ingestKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
