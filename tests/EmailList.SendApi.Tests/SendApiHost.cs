using EmailList.SendApi;
using EmailList.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests;

/// <summary>The send API exactly as Program.cs builds it, on Kestrel at 127.0.0.1 with an ephemeral port.</summary>
public sealed class SendApiHost : ServiceHost
{
    private SendApiHost(ServiceHost started) : base(started)
    {
    }

    public static async Task<SendApiHost> StartAsync(IEnumerable<KeyValuePair<string, string?>> configuration, Action<IServiceCollection>? configureServices = null) =>
        new(await StartAsync(typeof(SendApiExtensions).Assembly.GetName().Name!, b => b.AddSendApi(), a => a.MapSendApi(), configuration, configureServices));
}
