using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

/// <summary>EventBridge over JSON 1.1: the platform's bus policy, tenants' rules and targets, and the refusals AWS gives.</summary>
[Collection(SharedSandbox.Name)]
public sealed class EventBridgeTests(SandboxFixture sandbox)
{
    private AWSCredentials Platform => new BasicAWSCredentials(sandbox.PlatformAccessKeyId, sandbox.PlatformSecretAccessKey);

    private string PlatformBusArn => $"arn:aws:events:us-east-1:{sandbox.PlatformAccountId}:event-bus/emaillist";

    [Fact]
    public async Task PutPermission_lets_a_tenant_account_onto_the_platform_bus_and_RemovePermission_takes_it_back()
    {
        var tenantAccount = SandboxClients.NewAccountId();
        var statement = "tenant-" + tenantAccount;

        var put = await CallAsync("PutPermission", new { EventBusName = "emaillist", Action = "events:PutEvents", Principal = tenantAccount, StatementId = statement }, Platform);
        var described = await CallAsync("DescribeEventBus", new { Name = "emaillist" }, Platform);
        var afterPut = await sandbox.Admin.GetPlatformBusAsync();
        var removed = await CallAsync("RemovePermission", new { EventBusName = "emaillist", StatementId = statement }, Platform);
        var removedAgain = await CallAsync("RemovePermission", new { EventBusName = "emaillist", StatementId = statement }, Platform);

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("application/x-amz-json-1.1", put.ContentType);
        Assert.Equal(PlatformBusArn, described.Body.GetProperty("Arn").GetString());
        var policy = JsonDocument.Parse(described.Body.GetProperty("Policy").GetString()!).RootElement;
        Assert.Contains(policy.GetProperty("Statement").EnumerateArray(), s => s.GetProperty("Sid").GetString() == statement
            && s.GetProperty("Principal").GetProperty("AWS").GetString() == $"arn:aws:iam::{tenantAccount}:root");
        Assert.Contains(new SandboxBusStatement(statement, tenantAccount, "events:PutEvents"), afterPut.Policy);
        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.DoesNotContain((await sandbox.Admin.GetPlatformBusAsync()).Policy, s => s.StatementId == statement);
        Assert.Equal((HttpStatusCode.BadRequest, "ResourceNotFoundException", "Statement with the provided id does not exist."),
            (removedAgain.Status, removedAgain.ErrorCode, removedAgain.Message));
    }

    [Fact]
    public async Task Only_the_bus_owner_may_change_its_policy()
    {
        var accountId = SandboxClients.NewAccountId();
        await sandbox.Admin.PutAccountAsync(accountId);
        var role = await sandbox.Admin.PutRoleAsync(new SandboxRole(SandboxFixture.RoleArn(accountId, "Admin"), "ext-1", Permissions: ["*"]));
        var tenant = SignedRequests.Session(await SandboxClients.AssumeAsync(sandbox, new SandboxTenant(accountId, role.RoleArn, "ext-1")));

        var byArn = await CallAsync("PutPermission", new { EventBusName = PlatformBusArn, Action = "events:PutEvents", Principal = accountId, StatementId = "mine" }, tenant);
        var byName = await CallAsync("PutPermission", new { EventBusName = "emaillist", Action = "events:PutEvents", Principal = accountId, StatementId = "mine" }, tenant);
        var badAction = await CallAsync("PutPermission", new { EventBusName = "emaillist", Action = "events:PutRule", Principal = accountId, StatementId = "x" }, Platform);

        Assert.Equal((HttpStatusCode.BadRequest, "AccessDeniedException"), (byArn.Status, byArn.ErrorCode));
        Assert.EndsWith($"on resource: {PlatformBusArn} because no resource-based policy allows the events:PutPermission action", byArn.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "ResourceNotFoundException", "Event bus emaillist does not exist."), (byName.Status, byName.ErrorCode, byName.Message));
        Assert.Equal("ValidationException", badAction.ErrorCode);
        Assert.DoesNotContain((await sandbox.Admin.GetPlatformBusAsync()).Policy, s => s.Principal == accountId);
    }

    [Fact]
    public async Task A_tenant_puts_a_rule_on_its_default_bus_targets_the_platform_bus_and_reads_both_back()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = SignedRequests.Session(await SandboxClients.AssumeAsync(sandbox, tenant));

        var rule = await CallAsync("PutRule", new { Name = "emaillist-ses", EventPattern = """{"source":["aws.ses"]}""", State = "ENABLED", Description = "SES events to EmailList" }, session);
        var targets = await CallAsync("PutTargets", new { Rule = "emaillist-ses", Targets = new[] { new { Id = "emaillist", Arn = PlatformBusArn } } }, session);
        var described = await CallAsync("DescribeRule", new { Name = "emaillist-ses" }, session);
        var listed = await CallAsync("ListTargetsByRule", new { Rule = "emaillist-ses" }, session);

        Assert.Equal($"arn:aws:events:us-east-1:{tenant.AccountId}:rule/emaillist-ses", rule.Body.GetProperty("RuleArn").GetString());
        Assert.Equal(0, targets.Body.GetProperty("FailedEntryCount").GetInt32());
        Assert.Empty(targets.Body.GetProperty("FailedEntries").EnumerateArray());
        Assert.Equal(("ENABLED", """{"source":["aws.ses"]}""", "default", tenant.AccountId),
            (described.Body.GetProperty("State").GetString(), described.Body.GetProperty("EventPattern").GetString(),
             described.Body.GetProperty("EventBusName").GetString(), described.Body.GetProperty("CreatedBy").GetString()));
        var target = Assert.Single(listed.Body.GetProperty("Targets").EnumerateArray());
        Assert.Equal(("emaillist", PlatformBusArn), (target.GetProperty("Id").GetString(), target.GetProperty("Arn").GetString()));
        var forwarding = await sandbox.Admin.GetForwardingAsync(tenant.AccountId);
        var bus = Assert.Single(forwarding.EventBuses, b => b.Name == "default");
        Assert.Equal(PlatformBusArn, Assert.Single(Assert.Single(bus.Rules).Targets).Arn);
    }

    [Fact]
    public async Task Rules_and_targets_are_refused_as_EventBridge_refuses_them()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = SignedRequests.Session(await SandboxClients.AssumeAsync(sandbox, tenant));
        await CallAsync("PutRule", new { Name = "r", EventPattern = """{"source":["aws.ses"]}""" }, session);

        var badPattern = await CallAsync("PutRule", new { Name = "bad", EventPattern = """{"source":"aws.ses"}""" }, session);
        var notJson = await CallAsync("PutRule", new { Name = "bad", EventPattern = "source=aws.ses" }, session);
        var noRule = await CallAsync("PutTargets", new { Rule = "missing", Targets = new[] { new { Id = "t", Arn = PlatformBusArn } } }, session);
        var noDescribe = await CallAsync("DescribeRule", new { Name = "missing" }, session);
        var crossRegion = await CallAsync("PutTargets", new { Rule = "r", Targets = new[] { new { Id = "t", Arn = $"arn:aws:events:eu-west-1:{sandbox.PlatformAccountId}:event-bus/emaillist" } } }, session);
        var withRole = await CallAsync("PutTargets", new { Rule = "r", Targets = new[] { new { Id = "t", Arn = $"arn:aws:events:eu-west-1:{sandbox.PlatformAccountId}:event-bus/emaillist", RoleArn = SandboxFixture.RoleArn(tenant.AccountId, "EventBridgeForwarder") } } }, session);
        var unknownOperation = await CallAsync("PutEvents", new { Entries = Array.Empty<object>() }, session);

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidEventPatternException"), (badPattern.Status, badPattern.ErrorCode));
        Assert.StartsWith("Event pattern is not valid. Reason: \"source\" must be an object or an array", badPattern.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidEventPatternException", notJson.ErrorCode);
        Assert.Equal(("ResourceNotFoundException", "Rule missing does not exist on EventBus default."), (noRule.ErrorCode, noRule.Message));
        Assert.Equal("ResourceNotFoundException", noDescribe.ErrorCode);
        Assert.Equal(("ValidationException", $"RoleArn is required for target arn:aws:events:eu-west-1:{sandbox.PlatformAccountId}:event-bus/emaillist."),
            (crossRegion.ErrorCode, crossRegion.Message));
        Assert.Equal(HttpStatusCode.OK, withRole.Status);
        Assert.Equal("UnknownOperationException", unknownOperation.ErrorCode);
    }

    [Fact]
    public async Task A_role_without_the_events_permission_or_PassRole_is_refused()
    {
        var accountId = SandboxClients.NewAccountId();
        await sandbox.Admin.PutAccountAsync(accountId);
        var role = await sandbox.Admin.PutRoleAsync(new SandboxRole(SandboxFixture.RoleArn(accountId, "RulesOnly"), "ext-1", Permissions: ["events:PutRule", "events:PutTargets"]));
        var session = SignedRequests.Session(await SandboxClients.AssumeAsync(sandbox, new SandboxTenant(accountId, role.RoleArn, "ext-1")));
        await CallAsync("PutRule", new { Name = "r", EventPattern = """{"source":["aws.ses"]}""" }, session);

        var describe = await CallAsync("DescribeRule", new { Name = "r" }, session);
        var passRole = await CallAsync("PutTargets", new { Rule = "r", Targets = new[] { new { Id = "t", Arn = PlatformBusArn, RoleArn = SandboxFixture.RoleArn(accountId, "Forwarder") } } }, session);

        Assert.Equal((HttpStatusCode.BadRequest, "AccessDeniedException"), (describe.Status, describe.ErrorCode));
        Assert.Equal($"User: arn:aws:sts::{accountId}:assumed-role/RulesOnly/emaillist-test is not authorized to perform: events:DescribeRule"
            + $" on resource: arn:aws:events:us-east-1:{accountId}:rule/r because no identity-based policy allows the events:DescribeRule action", describe.Message);
        Assert.Equal("AccessDeniedException", passRole.ErrorCode);
        Assert.Contains("iam:PassRole", passRole.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_belong_to_a_region_and_signatures_must_be_scoped_to_events()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = SignedRequests.Session(await SandboxClients.AssumeAsync(sandbox, tenant));
        await CallAsync("PutRule", new { Name = "r", EventPattern = """{"source":["aws.ses"]}""" }, session);

        var elsewhere = await CallAsync("DescribeRule", new { Name = "r" }, session, "eu-west-1");
        var sesScoped = await CallAsync("DescribeRule", new { Name = "r" }, session, service: "ses");
        var unknownKey = await CallAsync("DescribeRule", new { Name = "r" }, new BasicAWSCredentials("AKIAUNKNOWNKEY000000", "not-a-secret-0123456789"));

        Assert.Equal("ResourceNotFoundException", elsewhere.ErrorCode);
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidSignatureException"), (sesScoped.Status, sesScoped.ErrorCode));
        Assert.Contains("'events'", sesScoped.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "UnrecognizedClientException"), (unknownKey.Status, unknownKey.ErrorCode));
    }

    private async Task<AwsAnswer> CallAsync(string operation, object input, AWSCredentials credentials, string region = "us-east-1", string service = "events") =>
        await AwsAnswer.ReadAsync(await SignedRequests.EventBridgeAsync(sandbox.BaseUrl, operation, JsonSerializer.Serialize(input), credentials, region, service));
}
