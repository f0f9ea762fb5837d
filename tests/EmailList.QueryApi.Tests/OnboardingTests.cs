using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmailList.Core.Credentials;
using EmailList.Core.Events;
using EmailList.Core.Forwarding;
using EmailList.Core.Mail;
using EmailList.Core.Ses;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.QueryApi.Tests;

/// <summary>The paste-a-role-ARN flow against the sandbox: every failure names its cause and fix, and nothing is stored unless all checks pass.</summary>
[Collection(QueryApiGroup.Name)]
public sealed class OnboardingTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task A_new_tenant_is_told_to_create_the_role_with_everything_it_needs()
    {
        var tenant = await CreatePendingTenantAsync();
        using var client = TenantAdmin(tenant.Id);

        var body = await client.GetJsonAsync("/tenant");

        Assert.Equal("PendingRole", body.GetProperty("tenant").GetProperty("status").GetString());
        Assert.Equal("create-role", body.GetProperty("nextStep").GetProperty("code").GetString());
        Assert.Equal(fixture.Sandbox.PlatformAccountId, body.GetProperty("platformAccountId").GetString());
        var launch = body.GetProperty("cloudFormation");
        var parameters = launch.GetProperty("parameters");
        Assert.Equal(tenant.ExternalId, parameters.GetProperty("ExternalId").GetString());
        Assert.Equal(fixture.Sandbox.PlatformAccountId, parameters.GetProperty("PlatformAccountId").GetString());
        Assert.Equal($"arn:aws:events:us-east-1:{fixture.Sandbox.PlatformAccountId}:event-bus/emaillist", parameters.GetProperty("PlatformEventBusArn").GetString());
        var quickCreate = launch.GetProperty("quickCreateUrl").GetString()!;
        Assert.StartsWith("https://us-east-1.console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/quickcreate?", quickCreate, StringComparison.Ordinal);
        Assert.Contains("templateURL=" + Uri.EscapeDataString(QueryApiFixture.TemplateUrl), quickCreate, StringComparison.Ordinal);
        Assert.Contains("param_ExternalId=" + Uri.EscapeDataString(tenant.ExternalId), quickCreate, StringComparison.Ordinal);
        Assert.False(body.GetProperty("events").GetProperty("received").GetBoolean());
    }

    [Fact]
    public async Task The_template_handed_out_takes_exactly_the_parameters_GET_tenant_fills_in()
    {
        var tenant = await CreatePendingTenantAsync();
        using var client = TenantAdmin(tenant.Id);

        var response = await client.GetAsync("/tenant/cloudformation-template");
        var template = await response.JsonAsync();
        var handedOut = (await client.GetJsonAsync("/tenant")).GetProperty("cloudFormation").GetProperty("parameters")
            .EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var parameters = template.GetProperty("Parameters").EnumerateObject().ToList();
        Assert.All(handedOut, name => Assert.Contains(parameters, p => p.Name == name));
        Assert.All(parameters.Where(p => !p.Value.TryGetProperty("Default", out _)), p => Assert.Contains(p.Name, handedOut));
        Assert.Contains(template.GetProperty("Resources").EnumerateObject(), r => r.Value.GetProperty("Type").GetString() == "AWS::IAM::Role");
    }

    [Fact]
    public async Task A_good_role_is_verified_stored_and_event_forwarding_is_set_up_in_both_accounts()
    {
        var tenant = await CreatePendingTenantAsync();
        var accountId = fixture.NewAccountId();
        var role = await fixture.Sandbox.CreateTenantAsync(accountId, tenant.ExternalId);
        using var client = TenantAdmin(tenant.Id);

        var response = await client.PutJsonAsync("/tenant/role", new { roleArn = role.RoleArn, region = "us-east-1" });

        var body = await AssertOkAsync(response);
        Assert.Equal("Active", body.GetProperty("status").GetString());
        Assert.Equal(role.RoleArn, body.GetProperty("roleArn").GetString());
        Assert.Equal(accountId, body.GetProperty("awsAccountId").GetString());
        Assert.Equal("Configured", body.GetProperty("forwarding").GetString());
        Assert.Equal("emaillist", body.GetProperty("configurationSetName").GetString());
        Assert.Equal(14, body.GetProperty("sesAccount").GetProperty("maxSendRate").GetDouble());
        Assert.True(body.GetProperty("sesAccount").GetProperty("productionAccessEnabled").GetBoolean());
        Assert.Equal([SandboxBusStatement.Platform], (await fixture.Sandbox.Admin.GetPlatformBusAsync()).Policy);
        var forwarding = await fixture.Sandbox.Admin.GetForwardingAsync(accountId, "us-east-1");
        Assert.Contains(forwarding.ConfigurationSets, set => set.Name == "emaillist"
            && set.EventDestinations.Any(d => d.EventBusArn == $"arn:aws:events:us-east-1:{accountId}:event-bus/default"));
        var rule = Assert.Single(forwarding.EventBuses.Single(bus => bus.Name == "default").Rules, rule => rule.Name == "emaillist-forward-ses");
        Assert.Equal("""{"source":["aws.ses"],"detail":{"mail":{"tags":{"ses:configuration-set":["emaillist"]}}}}""", rule.EventPattern);
        var target = Assert.Single(rule.Targets);
        Assert.Equal(($"arn:aws:events:us-east-1:{fixture.Sandbox.PlatformAccountId}:event-bus/emaillist", $"arn:aws:iam::{accountId}:role/emaillist/emaillist-forwarder-us-east-1"),
            (target.Arn, target.RoleArn));
        var next = await client.GetJsonAsync("/tenant");
        Assert.Equal("send-a-test-mail", next.GetProperty("nextStep").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Setting_the_same_role_twice_is_harmless()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), tenant.ExternalId);
        using var client = TenantAdmin(tenant.Id);

        var first = await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn = role.RoleArn, region = "us-east-1" }));
        var second = await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn = role.RoleArn, region = "us-east-1" }));

        Assert.Equal(first.GetProperty("roleArn").GetString(), second.GetProperty("roleArn").GetString());
        Assert.Equal("Configured", second.GetProperty("forwarding").GetString());
    }

    [Fact]
    public async Task A_role_that_wants_another_external_id_is_refused_with_the_fix_and_not_stored()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), "el-somebody-elses-external-id-000000000000");

        var problem = await AssertRefusedAsync(tenant, role.RoleArn, HttpStatusCode.UnprocessableEntity, "AssumeRoleDenied");

        Assert.Contains("external ID", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains($"sts:ExternalId = {tenant.ExternalId}", problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal(tenant.ExternalId, problem.GetProperty("externalId").GetString());
    }

    [Fact]
    public async Task A_role_that_does_not_exist_is_refused()
    {
        var tenant = await CreatePendingTenantAsync();

        var problem = await AssertRefusedAsync(tenant, $"arn:aws:iam::{fixture.NewAccountId()}:role/Missing", HttpStatusCode.UnprocessableEntity, "AssumeRoleDenied");

        Assert.Contains("does not exist", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trust_policy_without_the_external_id_condition_is_refused_as_a_confused_deputy_risk()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), externalId: null);

        var problem = await AssertRefusedAsync(tenant, role.RoleArn, HttpStatusCode.UnprocessableEntity, "ExternalIdNotRequired");

        Assert.Contains("lacks the sts:ExternalId condition", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(tenant.ExternalId, problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ses:SendEmail")]
    [InlineData("ses:GetAccount")]
    [InlineData("ses:ListEmailIdentities")]
    public async Task A_role_without_an_SES_permission_we_need_is_refused_naming_the_permission(string missing)
    {
        var tenant = await CreatePendingTenantAsync();
        var accountId = fixture.NewAccountId();
        await fixture.Sandbox.Admin.PutAccountAsync(accountId);
        var roleArn = SandboxFixture.RoleArn(accountId, "EmailListSender");
        await fixture.Sandbox.Admin.PutRoleAsync(new SandboxRole(roleArn, tenant.ExternalId,
            Permissions: [.. FullPermissions.Where(p => p != missing)]));

        var problem = await AssertRefusedAsync(tenant, roleArn, HttpStatusCode.UnprocessableEntity, "MissingPermission");

        Assert.Equal(missing, problem.GetProperty("missingAction").GetString());
        Assert.Contains(missing, problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_SES_account_still_in_the_SES_sandbox_is_refused()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), tenant.ExternalId,
            new SandboxAccountSettings(ProductionAccessEnabled: false, Max24HourSend: 200, MaxSendRate: 1));

        var problem = await AssertRefusedAsync(tenant, role.RoleArn, HttpStatusCode.UnprocessableEntity, "SesSandbox");

        Assert.Contains("production access", problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_region_where_the_tenant_does_not_use_SES_is_refused_as_the_wrong_region()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), tenant.ExternalId,
            new SandboxAccountSettings(Regions: ["eu-west-1"]));

        var problem = await AssertRefusedAsync(tenant, role.RoleArn, HttpStatusCode.UnprocessableEntity, "WrongRegion", region: "us-east-1");

        Assert.Contains("us-east-1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("region", problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_without_a_verified_identity_is_refused()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), tenant.ExternalId,
            new SandboxAccountSettings(VerifiedIdentities: []));

        var problem = await AssertRefusedAsync(tenant, role.RoleArn, HttpStatusCode.UnprocessableEntity, "NoVerifiedIdentity");

        Assert.Contains("Verify a domain", problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_whose_sending_is_paused_is_refused()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), tenant.ExternalId,
            new SandboxAccountSettings(SendingEnabled: false));

        await AssertRefusedAsync(tenant, role.RoleArn, HttpStatusCode.UnprocessableEntity, "SendingPaused");
    }

    [Fact]
    public async Task An_account_another_tenant_uses_is_refused_until_the_operator_allows_sharing()
    {
        var first = await CreatePendingTenantAsync();
        var accountId = fixture.NewAccountId();
        var firstRole = await fixture.Sandbox.CreateTenantAsync(accountId, first.ExternalId, roleName: "First");
        using (var client = TenantAdmin(first.Id))
        {
            await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn = firstRole.RoleArn, region = "us-east-1" }));
        }

        var second = await CreatePendingTenantAsync();
        var secondRole = await fixture.Sandbox.CreateTenantAsync(accountId, second.ExternalId, roleName: "Second");
        var problem = await AssertRefusedAsync(second, secondRole.RoleArn, HttpStatusCode.Conflict, "AccountInUse");
        Assert.Contains(accountId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var operatorClient = fixture.Api.CreateClient(fixture.Tokens.ForOperator());
        var allowed = await operatorClient.PatchAsJsonAsync($"/tenants/{second.Id}", new { allowSharedAccount = true });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var secondClient = TenantAdmin(second.Id);
        var accepted = await AssertOkAsync(await secondClient.PutJsonAsync("/tenant/role", new { roleArn = secondRole.RoleArn, region = "us-east-1" }));
        Assert.Equal(accountId, accepted.GetProperty("awsAccountId").GetString());
    }

    [Fact]
    public async Task A_new_role_replaces_the_old_only_once_it_verifies()
    {
        var tenant = await CreatePendingTenantAsync();
        var oldAccount = fixture.NewAccountId();
        var oldRole = await fixture.Sandbox.CreateTenantAsync(oldAccount, tenant.ExternalId);
        using var client = TenantAdmin(tenant.Id);
        await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn = oldRole.RoleArn, region = "us-east-1" }));

        var badRole = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), "el-wrong-external-id-000000000000000000000");
        var refused = await client.PutJsonAsync("/tenant/role", new { roleArn = badRole.RoleArn, region = "us-east-1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(oldRole.RoleArn, (await client.GetJsonAsync("/tenant")).GetProperty("tenant").GetProperty("roleArn").GetString());

        var newAccount = fixture.NewAccountId();
        var newRole = await fixture.Sandbox.CreateTenantAsync(newAccount, tenant.ExternalId);
        var replaced = await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn = newRole.RoleArn, region = "us-east-1" }));

        Assert.Equal(newRole.RoleArn, replaced.GetProperty("roleArn").GetString());
        Assert.Equal(newAccount, replaced.GetProperty("awsAccountId").GetString());
        Assert.Equal([SandboxBusStatement.Platform], (await fixture.Sandbox.Admin.GetPlatformBusAsync()).Policy);
    }

    [Fact]
    public async Task A_role_that_may_not_set_forwarding_up_is_accepted_and_the_template_is_the_next_step()
    {
        var tenant = await CreatePendingTenantAsync();
        var accountId = fixture.NewAccountId();
        await fixture.Sandbox.Admin.PutAccountAsync(accountId);
        var roleArn = SandboxFixture.RoleArn(accountId, "EmailListSender");
        await fixture.Sandbox.Admin.PutRoleAsync(new SandboxRole(roleArn, tenant.ExternalId,
            Permissions: [.. FullPermissions.Where(p => !p.StartsWith("events:", StringComparison.Ordinal))]));
        using var client = TenantAdmin(tenant.Id);

        var body = await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" }));

        Assert.Equal("Active", body.GetProperty("status").GetString());
        Assert.Equal("NeedsTemplate", body.GetProperty("forwarding").GetString());
        Assert.Contains("events:ListTargetsByRule", body.GetProperty("forwardingDetail").GetString(), StringComparison.Ordinal);
        var next = await client.GetJsonAsync("/tenant");
        Assert.Equal("set-up-forwarding", next.GetProperty("nextStep").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Offboarding_clears_the_role_and_the_account_and_leaves_our_bus_policy_as_it_was()
    {
        var tenant = await CreatePendingTenantAsync();
        var accountId = fixture.NewAccountId();
        var role = await fixture.Sandbox.CreateTenantAsync(accountId, tenant.ExternalId);
        using var client = TenantAdmin(tenant.Id);
        await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn = role.RoleArn, region = "us-east-1" }));

        var removed = await AssertOkAsync(await client.DeleteAsync("/tenant/role"));

        Assert.Equal("PendingRole", removed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("roleArn").ValueKind);
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("awsAccountId").ValueKind);
        Assert.Equal([SandboxBusStatement.Platform], (await fixture.Sandbox.Admin.GetPlatformBusAsync()).Policy);
        Assert.Equal("create-role", (await client.GetJsonAsync("/tenant")).GetProperty("nextStep").GetProperty("code").GetString());
        await AssertOkAsync(await client.DeleteAsync("/tenant/role"));
    }

    [Fact]
    public async Task Offboarding_one_tenant_of_a_shared_account_keeps_the_others_events_flowing()
    {
        var first = await CreatePendingTenantAsync();
        var accountId = fixture.NewAccountId();
        var firstRole = await fixture.Sandbox.CreateTenantAsync(accountId, first.ExternalId, roleName: "First");
        using var firstClient = TenantAdmin(first.Id);
        await AssertOkAsync(await firstClient.PutJsonAsync("/tenant/role", new { roleArn = firstRole.RoleArn, region = "us-east-1" }));
        var second = await CreatePendingTenantAsync();
        using var operatorClient = fixture.Api.CreateClient(fixture.Tokens.ForOperator());
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PatchAsJsonAsync($"/tenants/{second.Id}", new { allowSharedAccount = true })).StatusCode);
        var secondRole = await fixture.Sandbox.CreateTenantAsync(accountId, second.ExternalId, roleName: "Second");
        using var secondClient = TenantAdmin(second.Id);
        await AssertOkAsync(await secondClient.PutJsonAsync("/tenant/role", new { roleArn = secondRole.RoleArn, region = "us-east-1" }));

        await AssertOkAsync(await secondClient.DeleteAsync("/tenant/role"));

        // The first tenant sends through its own configuration set, as the send API would: its events still reach our bus.
        var firstTenant = (await fixture.Tenants.GetAsync(first.Id, CancellationToken.None))!;
        var credentials = await fixture.Api.Services.GetRequiredService<TenantCredentialBroker>().GetCredentialsAsync(firstTenant, CancellationToken.None);
        var mail = new OutboundEmail(
            "news@example.com",
            new SesDestination(["success@simulator.amazonses.com"], [], []),
            Encoding.ASCII.GetBytes("From: news@example.com\r\nTo: success@simulator.amazonses.com\r\nSubject: Still flowing\r\n\r\nHello.\r\n"),
            [new(MessageTags.Tenant, first.Id)],
            firstTenant.ConfigurationSetName);
        var messageId = await fixture.Api.Services.GetRequiredService<ISesClient>()
            .SendEmailAsync(new SesSession(credentials, "us-east-1"), mail, CancellationToken.None);
        var events = await fixture.Sandbox.Admin.WaitForEventDeliveryAsync(messageId);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal("delivered", e.Status));
        Assert.Equal(events.Count, fixture.EventTarget.Requests.Count(r => r.MessageId == messageId));
    }

    [Fact]
    public async Task The_tenant_sees_when_its_events_start_arriving()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), tenant.ExternalId);
        using var client = TenantAdmin(tenant.Id);
        await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn = role.RoleArn, region = "us-east-1" }));
        var occurred = DateTimeOffset.UtcNow.AddMinutes(-1);

        await fixture.AddAsync([TestEvents.Create(tenant.Id, SesEventType.Delivery, occurred)]);

        var body = await client.GetJsonAsync("/tenant");
        Assert.True(body.GetProperty("events").GetProperty("received").GetBoolean());
        Assert.Equal(occurred.ToUnixTimeSeconds(), body.GetProperty("events").GetProperty("lastEventAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal("done", body.GetProperty("nextStep").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_role_that_can_no_longer_be_assumed_is_reported_instead_of_sending_works()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), tenant.ExternalId);
        using var client = TenantAdmin(tenant.Id);
        await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn = role.RoleArn, region = "us-east-1" }));
        Assert.Equal("send-a-test-mail", (await client.GetJsonAsync("/tenant")).GetProperty("nextStep").GetProperty("code").GetString());

        // Deleted in the tenant's account after onboarding (or forgotten by a restarted sandbox).
        Assert.True(await fixture.Sandbox.Admin.DeleteRoleAsync(role.RoleArn));

        var next = (await client.GetJsonAsync("/tenant")).GetProperty("nextStep");
        Assert.Equal("fix-role", next.GetProperty("code").GetString());
        var text = next.GetProperty("message").GetString()!;
        Assert.DoesNotContain("Sending works", text, StringComparison.Ordinal);
        Assert.Contains(role.RoleArn, text, StringComparison.Ordinal);
        Assert.Contains("/verify-sts", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"roleArn\":\"arn:aws:iam::12345:role/Short\",\"region\":\"us-east-1\"}", "roleArn")]
    [InlineData("{\"roleArn\":\"arn:aws:iam::123456789012:user/NotARole\",\"region\":\"us-east-1\"}", "roleArn")]
    [InlineData("{\"roleArn\":\"arn:aws:iam::123456789012:role/R\",\"region\":\"mars-1\"}", "region")]
    [InlineData("{\"roleArn\":\"arn:aws:iam::123456789012:role/R\"}", "region")]
    public async Task A_malformed_role_or_region_is_refused_before_any_AWS_call(string json, string field)
    {
        var tenant = await CreatePendingTenantAsync();
        using var client = TenantAdmin(tenant.Id);

        var response = await client.PutAsync("/tenant/role", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task An_external_id_or_unknown_field_in_the_body_is_refused()
    {
        var tenant = await CreatePendingTenantAsync();
        using var client = TenantAdmin(tenant.Id);
        using var operatorClient = fixture.Api.CreateClient(fixture.Tokens.ForOperator());

        var role = await client.PutAsync("/tenant/role", new StringContent(
            "{\"roleArn\":\"arn:aws:iam::123456789012:role/R\",\"region\":\"us-east-1\",\"externalId\":\"mine\"}", System.Text.Encoding.UTF8, "application/json"));
        var create = await operatorClient.PostAsync("/tenants", new StringContent(
            "{\"name\":\"x\",\"externalId\":\"mine\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, role.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
    }

    [Fact]
    public async Task Creating_a_tenant_with_an_id_in_use_is_409_and_leaves_the_tenant_as_it_was()
    {
        var tenant = await CreatePendingTenantAsync();
        using var operatorClient = fixture.Api.CreateClient(fixture.Tokens.ForOperator());

        var again = await operatorClient.PostAsJsonAsync("/tenants", new { id = tenant.Id, name = "Impostor" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(tenant.Id, (await again.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var admin = TenantAdmin(tenant.Id);
        var stored = (await admin.GetJsonAsync("/tenant")).GetProperty("tenant");
        Assert.Equal("Onboarding test", stored.GetProperty("name").GetString());
        Assert.Equal(tenant.ExternalId, stored.GetProperty("externalId").GetString());
    }

    [Theory]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"name\":\"   \"}", "name")]
    [InlineData("{\"id\":\"t-fine\"}", "name")]
    [InlineData("{\"name\":\"Acme\",\"id\":\"Upper-Case\"}", "id")]
    [InlineData("{\"name\":\"Acme\",\"id\":\"-leading-dash\"}", "id")]
    [InlineData("{\"name\":\"Acme\",\"id\":\"under_score\"}", "id")]
    public async Task Creating_a_tenant_with_an_invalid_id_or_name_is_400_naming_the_field(string body, string field)
    {
        using var operatorClient = fixture.Api.CreateClient(fixture.Tokens.ForOperator());

        var response = await operatorClient.PostAsync("/tenants", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.JsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Creating_a_tenant_with_a_name_of_201_characters_is_400()
    {
        using var operatorClient = fixture.Api.CreateClient(fixture.Tokens.ForOperator());

        var response = await operatorClient.PostAsJsonAsync("/tenants", new { id = QueryApiFixture.NewTenantId(), name = new string('n', 201) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["name"], (await response.JsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task With_the_templates_rule_in_place_onboarding_neither_puts_the_rule_nor_its_targets()
    {
        var tenant = await CreatePendingTenantAsync();
        var accountId = fixture.NewAccountId();
        var role = await fixture.Sandbox.CreateTenantAsync(accountId, tenant.ExternalId);
        var platformBusArn = $"arn:aws:events:us-east-1:{fixture.Sandbox.PlatformAccountId}:event-bus/emaillist";
        const string templatePattern = """{"source":["aws.ses"],"detail":{"mail":{"tags":{"ses:configuration-set":["emaillist"]}}},"detail-type":["Email Sent"]}""";
        var templateRole = $"arn:aws:iam::{accountId}:role/emaillist/emaillist-forwarder-from-the-template";
        var credentials = await fixture.Api.Services.GetRequiredService<TenantCredentialBroker>()
            .AssumeUncachedAsync(role.RoleArn, tenant.ExternalId, tenant.Id, OnboardingSessionPolicy.Json, CancellationToken.None);
        var session = new SesSession(credentials, "us-east-1");
        var eventBridge = fixture.Api.Services.GetRequiredService<IEventBridgeClient>();
        await eventBridge.PutRuleAsync(session, new EventRule("emaillist-forward-ses", templatePattern), CancellationToken.None);
        await eventBridge.PutTargetsAsync(session, "emaillist-forward-ses", "default", [new EventRuleTarget("emaillist-platform-bus", platformBusArn, templateRole)], CancellationToken.None);
        using var client = TenantAdmin(tenant.Id);

        // Any PutRule or PutTargets from onboarding would now fail, and forwarding would not be Configured.
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(accountId, "PutRule", 400, "AccessDeniedException", -1));
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(accountId, "PutTargets", 400, "AccessDeniedException", -1));
        JsonElement body;
        try
        {
            body = await AssertOkAsync(await client.PutJsonAsync("/tenant/role", new { roleArn = role.RoleArn, region = "us-east-1" }));
        }
        finally
        {
            await fixture.Sandbox.Admin.ClearFaultsAsync();
        }

        Assert.Equal("Configured", body.GetProperty("forwarding").GetString());
        var rule = Assert.Single((await fixture.Sandbox.Admin.GetForwardingAsync(accountId, "us-east-1")).EventBuses.Single(b => b.Name == "default").Rules);
        Assert.Equal(templatePattern, rule.EventPattern);
        Assert.Equal(templateRole, Assert.Single(rule.Targets).RoleArn);
    }

    [Fact]
    public async Task The_operator_update_refuses_an_unknown_tenant_a_malformed_body_and_unknown_fields()
    {
        var tenant = await CreatePendingTenantAsync();
        using var operatorClient = fixture.Api.CreateClient(fixture.Tokens.ForOperator());

        var unknown = await operatorClient.PatchAsJsonAsync("/tenants/t-no-such-tenant", new { allowSharedAccount = true });
        var malformed = await operatorClient.PatchAsync($"/tenants/{tenant.Id}",
            new StringContent("{\"allowSharedAccount\":", System.Text.Encoding.UTF8, "application/json"));
        var extra = await operatorClient.PatchAsync($"/tenants/{tenant.Id}",
            new StringContent("{\"allowSharedAccount\":true,\"externalId\":\"mine\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);
        Assert.Equal("application/problem+json", extra.Content.Headers.ContentType?.MediaType);
        using var admin = TenantAdmin(tenant.Id);
        Assert.False((await admin.GetJsonAsync("/tenant")).GetProperty("tenant").GetProperty("allowSharedAccount").GetBoolean());
    }

    [Fact]
    public async Task Tenant_endpoints_need_the_tenant_admin_scope_and_operator_endpoints_an_operator()
    {
        var tenant = await CreatePendingTenantAsync();
        using var reader = fixture.Client(tenant.Id, "events:read", "mail:send", "suppression:write");
        using var admin = TenantAdmin(tenant.Id);

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/tenant")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync("/tenant/role")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/tenants", new { name = "sneaky" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PatchAsJsonAsync($"/tenants/{tenant.Id}", new { allowSharedAccount = true })).StatusCode);
    }

    private static readonly string[] FullPermissions =
    [
        "ses:SendEmail", "ses:SendRawEmail", "ses:GetAccount", "ses:ListEmailIdentities", "ses:GetSuppressedDestination",
        "ses:PutSuppressedDestination", "ses:DeleteSuppressedDestination", "ses:ListSuppressedDestinations",
        "ses:CreateConfigurationSet", "ses:CreateConfigurationSetEventDestination", "events:PutRule", "events:PutTargets",
    ];

    private HttpClient TenantAdmin(string tenantId) => fixture.Client(tenantId, "tenant:admin");

    private static bool HasRole(JsonElement tenant) => tenant.TryGetProperty("roleArn", out var roleArn) && roleArn.ValueKind == JsonValueKind.String;

    private async Task<(string Id, string ExternalId)> CreatePendingTenantAsync()
    {
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForOperator());
        var response = await client.PostAsJsonAsync("/tenants", new { id = QueryApiFixture.NewTenantId(), name = "Onboarding test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return (body.GetProperty("id").GetString()!, body.GetProperty("externalId").GetString()!);
    }

    private async Task<JsonElement> AssertRefusedAsync((string Id, string ExternalId) tenant, string roleArn, HttpStatusCode status, string reason, string region = "us-east-1")
    {
        using var client = TenantAdmin(tenant.Id);
        var response = await client.PutJsonAsync("/tenant/role", new { roleArn, region });
        var problem = await response.JsonAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {problem}");
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        var stored = await client.GetJsonAsync("/tenant");
        Assert.Equal("PendingRole", stored.GetProperty("tenant").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("tenant").GetProperty("roleArn").ValueKind);
        return problem;
    }

    private static async Task<JsonElement> AssertOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
