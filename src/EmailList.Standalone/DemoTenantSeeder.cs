using System.Net.Http.Json;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>
/// Makes the embedded default usable at once: the demo tenant exists, its SES account and IAM role exist in the sandbox
/// (trusting the tenant's external ID), and the role is set through the query API's PUT /tenant/role, the same
/// paste-a-role-ARN check (and event forwarding set-up) a real tenant goes through.
/// </summary>
public sealed class DemoTenantSeeder(
    ITenantStore tenants,
    EmbeddedOnboarding onboarding,
    IHttpClientFactory httpClients,
    IOptions<StandaloneOptions> options,
    TimeProvider time,
    ILogger<DemoTenantSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.UsesSandbox)
        {
            return;
        }

        var now = time.GetUtcNow();
        var tenant = await tenants.GetAsync(settings.DemoTenantId, cancellationToken);
        if (tenant is null)
        {
            tenant = new Tenant
            {
                Id = settings.DemoTenantId,
                Name = "Demo tenant",
                ExternalId = ExternalIdGenerator.Create(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            if (!await tenants.TryCreateAsync(tenant, cancellationToken))
            {
                tenant = await tenants.GetAsync(settings.DemoTenantId, cancellationToken)
                    ?? throw new InvalidOperationException($"The demo tenant '{settings.DemoTenantId}' could not be created.");
            }
        }

        using var sandbox = httpClients.CreateClient();
        sandbox.BaseAddress = new Uri(settings.SandboxUrl!);
        var account = await sandbox.PutAsJsonAsync($"/_sandbox/accounts/{settings.DemoAccountId}",
            new { verifiedIdentities = settings.DemoVerifiedIdentities.Distinct(StringComparer.OrdinalIgnoreCase).ToArray() }, cancellationToken);
        account.EnsureSuccessStatusCode();
        var role = await sandbox.PutAsJsonAsync("/_sandbox/roles",
            new { roleArn = settings.DemoRoleArn, externalId = tenant.ExternalId }, cancellationToken);
        role.EnsureSuccessStatusCode();

        // Every start: the sandbox keeps accounts and roles (Sandbox:StateFile), not the event forwarding set up in them.
        using var onboarded = await onboarding.SetRoleAsync(tenant.Id, settings.DemoRoleArn, "us-east-1", cancellationToken);
        if (!onboarded.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The demo tenant's role was refused ({(int)onboarded.StatusCode}): {await onboarded.Content.ReadAsStringAsync(cancellationToken)}");
        }

        DemoTenantLog.Seeded(logger, tenant.Id, settings.DemoRoleArn);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
