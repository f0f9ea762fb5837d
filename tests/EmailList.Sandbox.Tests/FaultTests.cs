using Amazon.SecurityToken;
using EmailList.Core.Ses;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

[Collection(SharedSandbox.Name)]
public sealed class FaultTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task A_one_time_SendEmail_fault_is_retried_by_our_client_and_the_message_goes_out()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        await sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AccountId, "SendEmail", 500, "InternalFailure", Count: 1));

        var messageId = await SandboxClients.Ses(sandbox).SendEmailAsync(session, SandboxClients.Email(), CancellationToken.None);

        var stats = await sandbox.Admin.GetStatsAsync();
        Assert.Equal(2, stats.PerAccount[tenant.AccountId].SendEmailCalls);
        Assert.Equal(1, stats.PerAccount[tenant.AccountId].AcceptedEmails);
        Assert.NotNull(await sandbox.Admin.GetMessageAsync(messageId));
    }

    [Fact]
    public async Task A_lasting_fault_fails_every_call_until_the_faults_are_cleared()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        var ses = SandboxClients.Ses(sandbox, o => o.MaxThrottleRetries = 0);
        await sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AccountId, "GetAccount", 429, "TooManyRequestsException", Count: -1));

        var first = await Assert.ThrowsAsync<SesException>(() => ses.GetAccountAsync(session, CancellationToken.None));
        var second = await Assert.ThrowsAsync<SesException>(() => ses.GetAccountAsync(session, CancellationToken.None));
        await sandbox.Admin.ClearFaultsAsync();
        var account = await ses.GetAccountAsync(session, CancellationToken.None);

        Assert.Equal(SesErrorKind.Throttled, first.Kind);
        Assert.Equal("TooManyRequestsException", second.ErrorCode);
        Assert.True(account.SendingEnabled);
    }

    [Fact]
    public async Task An_AssumeRole_fault_is_keyed_by_the_roles_account()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var bystander = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        await sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AccountId, "AssumeRole", 503, "ServiceUnavailable", Count: 1));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => SandboxClients.AssumeAsync(sandbox, tenant));
        await SandboxClients.AssumeAsync(sandbox, bystander);
        await SandboxClients.AssumeAsync(sandbox, tenant);

        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public async Task The_admin_api_refuses_a_fault_it_cannot_apply()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            sandbox.Admin.AddFaultAsync(new SandboxFault("123", "Teleport", 200, "", Count: 0)));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("operation", error.Message, StringComparison.Ordinal);
    }
}
