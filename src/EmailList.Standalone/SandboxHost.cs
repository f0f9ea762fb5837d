using EmailList.Sandbox;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>Runs the sandbox (local STS + SES v2) on its own port in this process, before the send API starts.</summary>
public sealed class SandboxHost(IConfiguration configuration, IOptions<StandaloneOptions> options, IHostEnvironment environment) : IHostedService, IAsyncDisposable
{
    private readonly EmbeddedService _sandbox = new(typeof(SandboxExtensions).Assembly.GetName().Name!, b => b.AddSandbox(), a => a.MapSandbox());

    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.UsesSandbox
            ? _sandbox.StartAsync(options.Value.SandboxUrl!, configuration, environment, cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _sandbox.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _sandbox.DisposeAsync();
}
