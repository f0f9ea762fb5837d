using System.Net;
using System.Net.Http.Json;
using EmailList.Core.Ses;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

[Collection(SharedSandbox.Name)]
public sealed class RecipientTallyTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Accepted_sends_are_counted_per_recipient_and_repeats_are_named()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var bystander = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var ses = SandboxClients.Ses(sandbox);
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        await ses.SendEmailAsync(session, SandboxClients.Email(to: ["r1@example.com", "r2@example.com"]), CancellationToken.None);
        await ses.SendEmailAsync(session, SandboxClients.Email(to: ["R2@example.com"]), CancellationToken.None); // same address, other case
        await ses.SendEmailAsync(session, SandboxClients.Email(to: ["r3@example.com"]), CancellationToken.None);
        await ses.SendEmailAsync(session, SandboxClients.Email(to: ["other@example.com"]), CancellationToken.None);
        await ses.SendEmailAsync(await SandboxClients.SessionAsync(sandbox, bystander), SandboxClients.Email(to: ["r1@example.com"]), CancellationToken.None);

        var all = await RecipientsAsync(tenant.AccountId, prefix: null);
        var prefixed = await RecipientsAsync(tenant.AccountId, prefix: "R");

        Assert.Equal((4, 5), (all.Distinct, all.Total));
        Assert.Equal((3, 4), (prefixed.Distinct, prefixed.Total));
        Assert.Equal(1, prefixed.Duplicated.Count);
        var repeated = Assert.Single(prefixed.Duplicated.Addresses);
        Assert.Equal(("r2@example.com", 2), (repeated.Address.ToLowerInvariant(), repeated.Count));
        Assert.True(prefixed.FirstAcceptedAt < prefixed.LastAcceptedAt);
        Assert.Equal((1, 1), ((await RecipientsAsync(bystander.AccountId, prefix: "r")).Distinct, (await RecipientsAsync(bystander.AccountId, prefix: "r")).Total));
    }

    [Fact]
    public async Task A_throttled_send_is_not_counted()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1", new SandboxAccountSettings(MaxSendRate: 1));
        var ses = SandboxClients.Ses(sandbox, o => o.MaxThrottleRetries = 0);
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        await ses.SendEmailAsync(session, SandboxClients.Email(to: ["once@example.com"]), CancellationToken.None);

        await Assert.ThrowsAsync<SesException>(() => ses.SendEmailAsync(session, SandboxClients.Email(to: ["once@example.com"]), CancellationToken.None));

        var recipients = await RecipientsAsync(tenant.AccountId, prefix: "once@");
        Assert.Equal((1, 1, 0), (recipients.Distinct, recipients.Total, recipients.Duplicated.Count));
    }

    [Fact]
    public async Task Forgetting_an_accounts_recipients_starts_its_count_again_and_leaves_others()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var bystander = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var ses = SandboxClients.Ses(sandbox);
        await ses.SendEmailAsync(await SandboxClients.SessionAsync(sandbox, tenant), SandboxClients.Email(to: ["again@example.com"]), CancellationToken.None);
        await ses.SendEmailAsync(await SandboxClients.SessionAsync(sandbox, bystander), SandboxClients.Email(to: ["again@example.com"]), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = sandbox.BaseUrl };

        using var response = await http.DeleteAsync($"/_sandbox/recipients?accountId={tenant.AccountId}");
        await ses.SendEmailAsync(await SandboxClients.SessionAsync(sandbox, tenant), SandboxClients.Email(to: ["again@example.com"]), CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((1, 1), ((await RecipientsAsync(tenant.AccountId, "again@")).Distinct, (await RecipientsAsync(tenant.AccountId, "again@")).Total));
        Assert.Equal(1, (await RecipientsAsync(bystander.AccountId, "again@")).Total);
    }

    [Fact]
    public async Task The_summary_needs_an_account_id()
    {
        using var http = new HttpClient { BaseAddress = sandbox.BaseUrl };

        using var response = await http.GetAsync("/_sandbox/recipients?prefix=r");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("12-digit AWS account id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<SandboxRecipients> RecipientsAsync(string accountId, string? prefix)
    {
        using var http = new HttpClient { BaseAddress = sandbox.BaseUrl };
        var query = prefix is null ? $"accountId={accountId}" : $"accountId={accountId}&prefix={Uri.EscapeDataString(prefix)}";
        return (await http.GetFromJsonAsync<SandboxRecipients>($"/_sandbox/recipients?{query}"))!;
    }
}
