using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

/// <summary>EventBridge over JSON 1.1: the platform's fixed bus policy, tenants' rules and targets, and the refusals AWS gives.</summary>
[Collection(SharedSandbox.Name)]
public sealed class EventBridgeTests(SandboxFixture sandbox)
{
    private AWSCredentials Platform => new BasicAWSCredentials(sandbox.PlatformAccessKeyId, sandbox.PlatformSecretAccessKey);

    private string PlatformBusArn => $"arn:aws:events:us-east-1:{sandbox.PlatformAccountId}:event-bus/emaillist";

    [Fact]
    public async Task The_platform_bus_has_one_static_statement_for_forwarder_roles_and_no_PutPermission()
    {
        var described = await CallAsync("DescribeEventBus", new { Name = "emaillist" }, Platform);
        var put = await CallAsync("PutPermission", new { EventBusName = "emaillist", Action = "events:PutEvents", Principal = "123456789012", StatementId = "tenant" }, Platform);

        Assert.Equal(HttpStatusCode.OK, described.Status);
        Assert.Equal("application/x-amz-json-1.1", described.ContentType);
        Assert.Equal(PlatformBusArn, described.Body.GetProperty("Arn").GetString());
        var statement = Assert.Single(JsonDocument.Parse(described.Body.GetProperty("Policy").GetString()!).RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("*", statement.GetProperty("Principal").GetString());
        Assert.Equal("events:PutEvents", statement.GetProperty("Action").GetString());
        Assert.Equal("aws.ses", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("events:source").GetString());
        Assert.Equal("arn:aws:iam::*:role/emaillist/*", statement.GetProperty("Condition").GetProperty("ArnLike").GetProperty("aws:PrincipalArn").GetString());
        Assert.Equal([SandboxBusStatement.Platform], (await sandbox.Admin.GetPlatformBusAsync()).Policy);
        Assert.Equal("UnknownOperationException", put.ErrorCode);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/emaillist/emaillist-forwarder-us-east-1", "aws.ses", true)]
    [InlineData("arn:aws:iam::123456789012:role/emaillist/x", "aws.ses", true)]
    [InlineData("arn:aws:iam::123456789012:role/Forwarder", "aws.ses", false)]
    [InlineData("arn:aws:iam::123456789012:role/other/emaillist/x", "aws.ses", false)]
    [InlineData("arn:aws:iam::123456789012:role/emaillist/x", "aws.guardduty", false)]
    [InlineData(null, "aws.ses", false)]
    public void The_platform_statement_admits_only_SES_events_put_by_a_role_under_the_emaillist_path(string? principalArn, string source, bool allowed) =>
        Assert.Equal(allowed, SandboxBusStatement.Platform.Allows(principalArn, source));

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
