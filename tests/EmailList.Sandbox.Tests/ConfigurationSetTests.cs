using System.Net;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

/// <summary>SES v2 identities and configuration sets over the wire, per account and region, and the role permissions that guard them.</summary>
[Collection(SharedSandbox.Name)]
public sealed class ConfigurationSetTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task ListEmailIdentities_lists_verified_addresses_and_domains_page_by_page()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1",
            new SandboxAccountSettings(VerifiedIdentities: ["example.com", "news@example.org", "example.net"]));
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);

        var first = await SesAsync(HttpMethod.Get, "v2/email/identities?PageSize=2", null, credentials);
        var second = await SesAsync(HttpMethod.Get, $"v2/email/identities?PageSize=2&NextToken={Uri.EscapeDataString(first.Body.GetProperty("NextToken").GetString()!)}", null, credentials);
        var filtered = await SesAsync(HttpMethod.Post, "v2/email/list-identities", """{"Filter":{"IDENTITY_TYPE":"EMAIL_ADDRESS"}}""", credentials);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        var page = first.Body.GetProperty("EmailIdentities").EnumerateArray().ToList();
        Assert.Equal(["example.com", "example.net"], page.Select(i => i.GetProperty("IdentityName").GetString()));
        Assert.All(page, i => Assert.Equal(("DOMAIN", true, "SUCCESS"),
            (i.GetProperty("IdentityType").GetString(), i.GetProperty("SendingEnabled").GetBoolean(), i.GetProperty("VerificationStatus").GetString())));
        var last = Assert.Single(second.Body.GetProperty("EmailIdentities").EnumerateArray());
        Assert.Equal(("news@example.org", "EMAIL_ADDRESS"), (last.GetProperty("IdentityName").GetString(), last.GetProperty("IdentityType").GetString()));
        Assert.False(second.Body.TryGetProperty("NextToken", out _));
        Assert.Equal(["news@example.org"], filtered.Body.GetProperty("EmailIdentities").EnumerateArray().Select(i => i.GetProperty("IdentityName").GetString()));
    }

    [Fact]
    public async Task A_configuration_set_is_created_once_read_back_and_a_second_create_is_AlreadyExists()
    {
        var credentials = await NewTenantCredentialsAsync();

        var created = await SesAsync(HttpMethod.Post, "v2/email/configuration-sets", """{"ConfigurationSetName":"acme","Tags":[{"Key":"app","Value":"emaillist"}]}""", credentials);
        var again = await SesAsync(HttpMethod.Post, "v2/email/configuration-sets", """{"ConfigurationSetName":"acme"}""", credentials);
        var read = await SesAsync(HttpMethod.Get, "v2/email/configuration-sets/acme", null, credentials);
        var missing = await SesAsync(HttpMethod.Get, "v2/email/configuration-sets/nope", null, credentials);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "AlreadyExistsException", "Configuration set acme already exists."), (again.Status, again.ErrorCode, again.Message));
        Assert.Equal("acme", read.Body.GetProperty("ConfigurationSetName").GetString());
        Assert.True(read.Body.GetProperty("SendingOptions").GetProperty("SendingEnabled").GetBoolean());
        Assert.Equal("emaillist", read.Body.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.Equal((HttpStatusCode.NotFound, "NotFoundException", "Configuration set nope does not exist."), (missing.Status, missing.ErrorCode, missing.Message));
    }

    [Fact]
    public async Task An_EventBridge_destination_must_be_the_default_bus_of_the_same_account_and_region()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);
        await SandboxClients.CreateConfigurationSetAsync(sandbox, credentials, "acme");
        var defaultBus = $"arn:aws:events:us-east-1:{tenant.AccountId}:event-bus/default";

        var unknownSet = await DestinationAsync(credentials, "nope", "to-bus", defaultBus);
        var otherBus = await DestinationAsync(credentials, "acme", "to-bus", $"arn:aws:events:us-east-1:{tenant.AccountId}:event-bus/custom");
        var otherRegion = await DestinationAsync(credentials, "acme", "to-bus", $"arn:aws:events:eu-west-1:{tenant.AccountId}:event-bus/default");
        var created = await DestinationAsync(credentials, "acme", "to-bus", defaultBus);
        var taken = await DestinationAsync(credentials, "acme", "to-bus", defaultBus);
        var listed = await SesAsync(HttpMethod.Get, "v2/email/configuration-sets/acme/event-destinations", null, credentials);

        Assert.Equal((HttpStatusCode.NotFound, "NotFoundException"), (unknownSet.Status, unknownSet.ErrorCode));
        Assert.Equal((HttpStatusCode.BadRequest, "BadRequestException"), (otherBus.Status, otherBus.ErrorCode));
        Assert.Contains(defaultBus, otherBus.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "BadRequestException"), (otherRegion.Status, otherRegion.ErrorCode));
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "AlreadyExistsException", "Event destination to-bus already exists."), (taken.Status, taken.ErrorCode, taken.Message));
        var destination = Assert.Single(listed.Body.GetProperty("EventDestinations").EnumerateArray());
        Assert.Equal("to-bus", destination.GetProperty("Name").GetString());
        Assert.True(destination.GetProperty("Enabled").GetBoolean());
        Assert.Equal(["SEND", "BOUNCE"], destination.GetProperty("MatchingEventTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(defaultBus, destination.GetProperty("EventBridgeDestination").GetProperty("EventBusArn").GetString());
        var forwarding = await sandbox.Admin.GetForwardingAsync(tenant.AccountId);
        Assert.Equal(defaultBus, Assert.Single(Assert.Single(forwarding.ConfigurationSets).EventDestinations).EventBusArn);
    }

    [Fact]
    public async Task SendEmail_naming_a_configuration_set_that_does_not_exist_is_NotFound()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        var email = SandboxClients.Email() with { ConfigurationSetName = "never-made" };

        var error = await Assert.ThrowsAsync<SesException>(() => SandboxClients.Ses(sandbox).SendEmailAsync(session, email, CancellationToken.None));

        Assert.Equal("NotFoundException", error.ErrorCode);
        Assert.Equal("Configuration set never-made does not exist.", error.Message);
        Assert.Empty(await sandbox.Admin.GetOutboxAsync(tenant.AccountId));
    }

    [Fact]
    public async Task A_role_whose_permission_policy_lacks_an_action_is_refused_as_IAM_words_it()
    {
        var accountId = SandboxClients.NewAccountId();
        await sandbox.Admin.PutAccountAsync(accountId);
        var role = await sandbox.Admin.PutRoleAsync(new SandboxRole(SandboxFixture.RoleArn(accountId, "SendOnly"), "ext-1", Permissions: ["ses:SendEmail", "ses:GetAccount"]));
        var credentials = await SandboxClients.AssumeAsync(sandbox, new SandboxTenant(accountId, role.RoleArn, "ext-1"));

        var create = await SesAsync(HttpMethod.Post, "v2/email/configuration-sets", """{"ConfigurationSetName":"acme"}""", credentials);
        var account = await SesAsync(HttpMethod.Get, "v2/email/account", null, credentials);

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDeniedException"), (create.Status, create.ErrorCode));
        Assert.Equal($"User: arn:aws:sts::{accountId}:assumed-role/SendOnly/emaillist-test is not authorized to perform: ses:CreateConfigurationSet"
            + $" on resource: arn:aws:ses:us-east-1:{accountId}:configuration-set/acme because no identity-based policy allows the ses:CreateConfigurationSet action", create.Message);
        Assert.Equal(HttpStatusCode.OK, account.Status);
        Assert.Equal(["ses:SendEmail", "ses:GetAccount"], role.Permissions);
    }

    [Fact]
    public async Task The_send_permission_probe_tells_a_role_without_SendEmail_from_one_with_it()
    {
        var accountId = SandboxClients.NewAccountId();
        await sandbox.Admin.PutAccountAsync(accountId);
        var without = await sandbox.Admin.PutRoleAsync(new SandboxRole(SandboxFixture.RoleArn(accountId, "NoSend"), "ext-1", Permissions: ["ses:GetAccount"]));
        var with = await sandbox.Admin.PutRoleAsync(new SandboxRole(SandboxFixture.RoleArn(accountId, "Default"), "ext-1"));
        var probe = SandboxClients.Email(from: "permission-check@emaillist.invalid");

        var denied = await Assert.ThrowsAsync<SesException>(async () => await SandboxClients.Ses(sandbox).SendEmailAsync(
            await SandboxClients.SessionAsync(sandbox, new SandboxTenant(accountId, without.RoleArn, "ext-1")), probe, CancellationToken.None));
        var rejected = await Assert.ThrowsAsync<SesException>(async () => await SandboxClients.Ses(sandbox).SendEmailAsync(
            await SandboxClients.SessionAsync(sandbox, new SandboxTenant(accountId, with.RoleArn, "ext-1")), probe, CancellationToken.None));

        Assert.Equal("AccessDeniedException", denied.ErrorCode);
        Assert.Contains($"on resource: arn:aws:ses:us-east-1:{accountId}:identity/permission-check@emaillist.invalid", denied.Message, StringComparison.Ordinal);
        Assert.Equal("MessageRejected", rejected.ErrorCode);
        Assert.Contains("not verified", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_policy_narrows_what_the_role_allows()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant, SesSessionPolicy.Json);

        var create = await SesAsync(HttpMethod.Post, "v2/email/configuration-sets", """{"ConfigurationSetName":"acme"}""", credentials);

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDeniedException"), (create.Status, create.ErrorCode));
        Assert.EndsWith("because no session policy allows the ses:CreateConfigurationSet action", create.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_region_where_the_account_never_set_up_SES_it_is_a_fresh_account_with_its_own_configuration_sets()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1",
            new SandboxAccountSettings(MaxSendRate: 50, Regions: ["us-east-1"]));
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);
        await SandboxClients.CreateConfigurationSetAsync(sandbox, credentials, "acme");

        var home = await SandboxClients.Ses(sandbox).GetAccountAsync(new SesSession(credentials, "us-east-1"), CancellationToken.None);
        var away = await SandboxClients.Ses(sandbox).GetAccountAsync(new SesSession(credentials, "eu-west-1"), CancellationToken.None);
        var identities = await SesAsync(HttpMethod.Get, "v2/email/identities", null, credentials, "eu-west-1");
        var set = await SesAsync(HttpMethod.Get, "v2/email/configuration-sets/acme", null, credentials, "eu-west-1");
        var send = await Assert.ThrowsAsync<SesException>(() =>
            SandboxClients.Ses(sandbox).SendEmailAsync(new SesSession(credentials, "eu-west-1"), SandboxClients.Email(), CancellationToken.None));

        Assert.Equal((true, 50d), (home.ProductionAccessEnabled, home.MaxSendRate));
        Assert.Equal((false, 1d, 200d, true), (away.ProductionAccessEnabled, away.MaxSendRate, away.Max24HourSend, away.SendingEnabled));
        Assert.Empty(identities.Body.GetProperty("EmailIdentities").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, set.Status);
        Assert.Equal("Email address is not verified. The following identities failed the check in region EU-WEST-1: sender@example.com", send.Message);
        Assert.False((await sandbox.Admin.GetForwardingAsync(tenant.AccountId, "eu-west-1")).SesSetUp);
        Assert.Equal(["us-east-1"], (await sandbox.Admin.GetAccountAsync(tenant.AccountId))!.Regions);
    }

    private async Task<TemporaryCredentials> NewTenantCredentialsAsync() =>
        await SandboxClients.AssumeAsync(sandbox, await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1"));

    private async Task<AwsAnswer> DestinationAsync(TemporaryCredentials credentials, string set, string name, string busArn) =>
        await SesAsync(HttpMethod.Post, $"v2/email/configuration-sets/{set}/event-destinations",
            "{\"EventDestinationName\":\"" + name + "\",\"EventDestination\":{\"Enabled\":true,\"MatchingEventTypes\":[\"SEND\",\"BOUNCE\"],"
            + "\"EventBridgeDestination\":{\"EventBusArn\":\"" + busArn + "\"}}}",
            credentials);

    private async Task<AwsAnswer> SesAsync(HttpMethod method, string path, string? json, TemporaryCredentials credentials, string region = "us-east-1") =>
        await AwsAnswer.ReadAsync(await SignedRequests.SendAsync(sandbox.BaseUrl, method, path, json, credentials, region));
}
