using System.Net;
using System.Text.Json;
using EmailList.Core.Tenants;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class VerifyStsTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task A_working_role_and_a_healthy_account_report_ok_with_the_quota()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync(new SandboxAccountSettings(Max24HourSend: 50000, MaxSendRate: 14));
        using var client = fixture.Client(tenant.Id, "tenant:admin");

        var report = await client.GetJsonAsync("/verify-sts");

        Assert.True(report.GetProperty("ok").GetBoolean(), report.ToString());
        Assert.True(report.GetProperty("assumeRole").GetProperty("ok").GetBoolean());
        var account = report.GetProperty("sesAccount");
        Assert.True(account.GetProperty("sendingEnabled").GetBoolean());
        Assert.True(account.GetProperty("productionAccessEnabled").GetBoolean());
        Assert.Equal("HEALTHY", account.GetProperty("enforcementStatus").GetString());
        Assert.Equal(50000, account.GetProperty("max24HourSend").GetDouble());
        Assert.Equal(14, account.GetProperty("maxSendRate").GetDouble());
        Assert.Equal(0, account.GetProperty("sentLast24Hours").GetDouble());
        Assert.Empty(report.GetProperty("problems").EnumerateArray());
        Assert.Equal(tenant.RoleArn, report.GetProperty("roleArn").GetString());
    }

    [Fact]
    public async Task A_tenant_without_a_role_is_told_to_set_one()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "tenant:admin");

        var report = await client.GetJsonAsync("/verify-sts");

        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.Equal("NoRole", report.GetProperty("assumeRole").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("sesAccount").ValueKind);
        Assert.Contains(tenant.ExternalId, Problems(report), StringComparison.Ordinal);
        Assert.Contains("PUT /tenant/role", Problems(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_wants_another_external_id_is_access_denied_with_the_fix()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        await fixture.Sandbox.Admin.PutRoleAsync(new SandboxRole(tenant.RoleArn!, "el-another-external-id-0000000000000000"));
        using var client = fixture.Client(tenant.Id, "tenant:admin");

        var report = await client.GetJsonAsync("/verify-sts");

        Assert.False(report.GetProperty("ok").GetBoolean());
        var assume = report.GetProperty("assumeRole");
        Assert.False(assume.GetProperty("ok").GetBoolean());
        Assert.Equal("AccessDenied", assume.GetProperty("reason").GetString());
        Assert.Contains("external ID", assume.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("trust policy", Problems(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_deleted_since_it_was_set_is_reported()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        await fixture.Sandbox.Admin.DeleteRoleAsync(tenant.RoleArn!);
        using var client = fixture.Client(tenant.Id, "tenant:admin");

        var report = await client.GetJsonAsync("/verify-sts");

        Assert.Equal("AccessDenied", report.GetProperty("assumeRole").GetProperty("reason").GetString());
        Assert.Contains("does not exist", Problems(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paused_sending_is_reported_with_the_reason()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync(new SandboxAccountSettings(SendingEnabled: false, EnforcementStatus: "SHUTDOWN"));
        using var client = fixture.Client(tenant.Id, "tenant:admin");

        var report = await client.GetJsonAsync("/verify-sts");

        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.True(report.GetProperty("assumeRole").GetProperty("ok").GetBoolean());
        Assert.False(report.GetProperty("sesAccount").GetProperty("sendingEnabled").GetBoolean());
        Assert.Contains("Sending is paused", Problems(report), StringComparison.Ordinal);
        Assert.Contains("SHUTDOWN", Problems(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_in_the_SES_sandbox_is_reported_with_its_limits()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync(new SandboxAccountSettings(ProductionAccessEnabled: false, Max24HourSend: 200, MaxSendRate: 1));
        using var client = fixture.Client(tenant.Id, "tenant:admin");

        var report = await client.GetJsonAsync("/verify-sts");

        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.False(report.GetProperty("sesAccount").GetProperty("productionAccessEnabled").GetBoolean());
        var problem = Assert.Single(report.GetProperty("problems").EnumerateArray()).GetString();
        Assert.Contains("SES sandbox", problem, StringComparison.Ordinal);
        Assert.Contains("200", problem, StringComparison.Ordinal);
        Assert.Contains("production access", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_may_not_call_GetAccount_is_reported_with_the_actions_it_needs()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AwsAccountId!, "GetAccount", 403, "AccessDeniedException"));
        using var client = fixture.Client(tenant.Id, "tenant:admin");

        var report = await client.GetJsonAsync("/verify-sts");

        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.True(report.GetProperty("assumeRole").GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("sesAccount").ValueKind);
        Assert.Contains("ses:GetAccount", Problems(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suspended_tenant_is_told_so_even_when_SES_is_fine()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        await fixture.Tenants.UpdateAsync(tenant with { Status = TenantStatus.Suspended }, CancellationToken.None);
        using var client = fixture.Client(tenant.Id, "tenant:admin");

        var report = await client.GetJsonAsync("/verify-sts");

        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.Contains("suspended", Problems(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_a_tenant_that_does_not_exist_is_404()
    {
        using var client = fixture.Client(QueryApiFixture.NewTenantId(), "tenant:admin");

        await client.GetJsonAsync("/verify-sts", HttpStatusCode.NotFound);
    }

    private static string Problems(JsonElement report) =>
        string.Join(" | ", report.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
}
