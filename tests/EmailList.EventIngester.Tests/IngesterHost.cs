using EmailList.EventIngester;
using EmailList.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

/// <summary>The ingester exactly as Program.cs builds it, on Kestrel at 127.0.0.1 with an ephemeral port.</summary>
public sealed class IngesterHost : ServiceHost
{
    private IngesterHost(ServiceHost started) : base(started)
    {
    }

    public static async Task<IngesterHost> StartAsync(IEnumerable<KeyValuePair<string, string?>> configuration, Action<IServiceCollection>? configureServices = null) =>
        new(await StartAsync(typeof(EventIngesterExtensions).Assembly.GetName().Name!, b => b.AddEventIngester(), a => a.MapEventIngester(), configuration, configureServices));

    /// <summary>A client that sends the ingest key header (none when null).</summary>
    public HttpClient CreateIngestClient(string? ingestKey)
    {
        var client = CreateClient();
        if (ingestKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-EmailList-Ingest-Key", ingestKey);
        }

        return client;
    }
}
