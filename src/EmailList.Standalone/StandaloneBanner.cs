using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>Tells a newcomer, once everything listens, where it is and how to get a token.</summary>
public sealed class StandaloneBanner(IHostApplicationLifetime lifetime, IOptions<StandaloneOptions> options, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var settings = options.Value;
            var url = (configuration["Urls"] ?? settings.SendApiUrl).Split(';')[0].TrimEnd('/');
            var lines = new List<string>
            {
                "",
                $"EmailList is running. Send API: {url}",
                $"Event ingester (polls the SES event queue; also POST {settings.IngesterUrl.TrimEnd('/')}/ses-events)",
                $"Query API (events, stats, suppression list): {settings.QueryApiUrl.TrimEnd('/')}",
                $"Dispatcher (sends scheduled mail; health only): {settings.DispatcherUrl.TrimEnd('/')}/health",
                $"Dashboard (open in a browser, sign in as '{settings.DemoTenantId}'): {settings.DashboardUrl.TrimEnd('/')}/",
            };
            if (settings.UsesSandbox)
            {
                lines.Add($"Sandbox (local STS + SES v2 + EventBridge + SQS, outbox): {settings.SandboxUrl!.TrimEnd('/')}/_sandbox/outbox");
                lines.Add($"Demo tenant '{settings.DemoTenantId}' sends from any address at: {string.Join(", ", settings.DemoVerifiedIdentities.Distinct())}");
            }

            lines.Add("Get a token (loopback only):");
            lines.Add($"  TOKEN=$(curl -s {url}/_dev/token | sed 's/.*\"accessToken\":\"\\([^\"]*\\)\".*/\\1/')");
            lines.Add("Then see README.md, \"Use it\".");
            lines.Add("");
            Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
