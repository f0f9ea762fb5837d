using EmailList.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.QueryApi.Tests;

/// <summary>The query API exactly as Program.cs builds it, on Kestrel at 127.0.0.1 with an ephemeral port.</summary>
public sealed class QueryApiHost : ServiceHost
{
    private QueryApiHost(ServiceHost started) : base(started)
    {
    }

    public static async Task<QueryApiHost> StartAsync(IEnumerable<KeyValuePair<string, string?>> configuration, Action<IServiceCollection>? configureServices = null) =>
        new(await StartAsync(typeof(QueryApiExtensions).Assembly.GetName().Name!, b => b.AddQueryApi(), a => a.MapQueryApi(), configuration, configureServices));
}
