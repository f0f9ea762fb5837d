using System.Net;
using EmailList.Core.Ses;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

[Collection(SharedSandbox.Name)]
public sealed class AccountAndSuppressionTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task GetAccount_reports_the_accounts_settings_and_what_it_sent()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1",
            new SandboxAccountSettings(ProductionAccessEnabled: false, EnforcementStatus: "PROBATION", MaxSendRate: 7, Max24HourSend: 200));
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        var ses = SandboxClients.Ses(sandbox);
        await ses.SendEmailAsync(session, SandboxClients.Email(to: ["success@simulator.amazonses.com", "ooto@simulator.amazonses.com"]), CancellationToken.None);

        var account = await ses.GetAccountAsync(session, CancellationToken.None);

        Assert.Equal(new SesAccount(true, false, "PROBATION", 200, 7, 2), account);
    }

    [Fact]
    public async Task Suppressed_addresses_are_put_listed_by_page_and_deleted()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        var ses = SandboxClients.Ses(sandbox);
        await ses.PutSuppressedDestinationAsync(session, "first+tag@example.org", "BOUNCE", CancellationToken.None);
        await ses.PutSuppressedDestinationAsync(session, "second@example.org", "COMPLAINT", CancellationToken.None);
        await ses.PutSuppressedDestinationAsync(session, "third@example.org", "BOUNCE", CancellationToken.None);

        var first = await ses.ListSuppressedDestinationsAsync(session, null, 2, CancellationToken.None);
        var second = await ses.ListSuppressedDestinationsAsync(session, first.NextToken, 2, CancellationToken.None);
        await ses.DeleteSuppressedDestinationAsync(session, "first+tag@example.org", CancellationToken.None);
        var after = await ses.ListSuppressedDestinationsAsync(session, null, 10, CancellationToken.None);

        Assert.Equal(["first+tag@example.org", "second@example.org"], first.Items.Select(i => i.EmailAddress));
        Assert.NotNull(first.NextToken);
        Assert.Equal(["third@example.org"], second.Items.Select(i => i.EmailAddress));
        Assert.Null(second.NextToken);
        Assert.Equal("COMPLAINT", first.Items[1].Reason);
        Assert.InRange(first.Items[0].LastUpdateTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(["second@example.org", "third@example.org"], after.Items.Select(i => i.EmailAddress));
    }

    [Fact]
    public async Task Deleting_an_address_that_is_not_suppressed_is_not_found()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);

        var error = await Assert.ThrowsAsync<SesException>(() =>
            SandboxClients.Ses(sandbox).DeleteSuppressedDestinationAsync(session, "never@example.org", CancellationToken.None));

        Assert.Equal((SesErrorKind.NotFound, "NotFoundException"), (error.Kind, error.ErrorCode));
    }

    [Fact]
    public async Task Suppression_lists_belong_to_one_account()
    {
        var one = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var other = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-2");
        var ses = SandboxClients.Ses(sandbox);
        await ses.PutSuppressedDestinationAsync(await SandboxClients.SessionAsync(sandbox, one), "x@example.org", "BOUNCE", CancellationToken.None);

        var page = await ses.ListSuppressedDestinationsAsync(await SandboxClients.SessionAsync(sandbox, other), null, 10, CancellationToken.None);

        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task An_operation_the_sandbox_does_not_know_is_not_found_in_ses_style()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);

        using var response = await SignedRequests.SendAsync(sandbox.BaseUrl, HttpMethod.Get, "v2/email/configuration-sets", null, credentials);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("\"message\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
