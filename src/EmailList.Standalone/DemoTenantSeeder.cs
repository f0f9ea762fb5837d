using System.Net.Http.Json;
using EmailList.Core.Credentials;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>
/// Makes the embedded default usable at once: the demo tenant exists, its SES account and IAM role exist in
/// the sandbox (trusting the tenant's external ID), and the role is verified by really assuming it.
/// </summary>
public sealed partial class DemoTenantSeeder(
    ITenantStore tenants,
    TenantCredentialBroker broker,
    TenantDirectory directory,
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

        if (tenant.RoleArn != settings.DemoRoleArn || tenant.Status != TenantStatus.Active)
        {
            // The same check PUT /tenant/role makes: the role is stored only once assuming it works.
            var credentials = await broker.AssumeUncachedAsync(settings.DemoRoleArn, tenant.ExternalId, tenant.Id, cancellationToken);
            var active = tenant with
            {
                RoleArn = settings.DemoRoleArn,
                AwsAccountId = settings.DemoAccountId,
                Region = "us-east-1",
                Status = TenantStatus.Active,
                UpdatedAt = now,
            };
            await tenants.UpdateAsync(active, cancellationToken);
            await broker.PrimeAsync(active, credentials, cancellationToken);
            directory.Invalidate(tenant.Id);
        }

        LogSeeded(logger, tenant.Id, settings.DemoRoleArn);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo tenant '{TenantId}' sends through sandbox role {RoleArn}.")]
    private static partial void LogSeeded(ILogger logger, string tenantId, string roleArn);
}
