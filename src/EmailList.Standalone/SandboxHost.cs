using EmailList.Sandbox;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>Runs the sandbox (local STS + SES v2) on its own port in this process, before the send API starts.</summary>
public sealed class SandboxHost(IConfiguration configuration, IOptions<StandaloneOptions> options, IHostEnvironment environment) : IHostedService, IAsyncDisposable
{
    private WebApplication? _sandbox;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.UsesSandbox)
        {
            return;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxExtensions).Assembly.GetName().Name,
            EnvironmentName = environment.EnvironmentName,
            ContentRootPath = environment.ContentRootPath,
        });
        builder.Configuration.AddInMemoryCollection(configuration.GetSection("Sandbox").AsEnumerable());
        builder.Configuration.AddInMemoryCollection(configuration.GetSection("Logging").AsEnumerable());
        builder.WebHost.UseUrls(options.Value.SandboxUrl!);
        builder.AddServiceDefaults();
        builder.AddSandbox();

        _sandbox = builder.Build();
        _sandbox.MapDefaultEndpoints();
        _sandbox.MapSandbox();
        await _sandbox.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_sandbox is not null)
        {
            await _sandbox.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
