using System.Net.Http.Json;
using EmailList.Core.Tenants;
using EmailList.Sandbox.Admin;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>
/// After a restart: the sandbox kept its accounts and roles (Sandbox:StateFile) but not the event forwarding that onboarding
/// set up in them, so every tenant whose role the sandbox still has is onboarded again through PUT /tenant/role, as the demo
/// tenant is on every start. A role that no longer verifies is logged and left as it is; GET /tenant then says what to fix.
/// </summary>
public sealed class SandboxTenantRestorer(
    ITenantStore tenants,
    EmbeddedOnboarding onboarding,
    IHttpClientFactory httpClients,
    IOptions<StandaloneOptions> options,
    ILogger<SandboxTenantRestorer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.UsesSandbox)
        {
            return;
        }

        using var sandbox = httpClients.CreateClient();
        sandbox.BaseAddress = new Uri(settings.SandboxUrl!);
        var roles = await sandbox.GetFromJsonAsync<List<SandboxRole>>("/_sandbox/roles", cancellationToken) ?? [];
        foreach (var role in roles.Where(r => r.RoleArn != settings.DemoRoleArn))
        {
            if (!RoleArn.TryParse(role.RoleArn, out var arn))
            {
                continue;
            }

            foreach (var tenant in await tenants.FindByAccountAsync(arn.AccountId, cancellationToken))
            {
                if (tenant.RoleArn != role.RoleArn || tenant.Region is not { } region)
                {
                    continue;
                }

                using var response = await onboarding.SetRoleAsync(tenant.Id, role.RoleArn, region, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    DemoTenantLog.Restored(logger, tenant.Id, role.RoleArn);
                }
                else
                {
                    DemoTenantLog.NotRestored(logger, tenant.Id, role.RoleArn, (int)response.StatusCode);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
