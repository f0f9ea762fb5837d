using System.Text.Json;
using Amazon.Runtime;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

/// <summary>
/// With Sandbox:Events:RequireForwarding, an SES event reaches the target only along the path AWS would take: configuration set with an
/// EventBridge destination, a rule on the tenant's default bus targeting the platform bus, and a target role under /emaillist/ that the bus policy lets in.
/// </summary>
public sealed class ForwardingGateTests : IAsyncLifetime
{
    private const string ConfigurationSet = "emaillist";

    private SandboxFixture _sandbox = null!;
    private SesEventReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await SesEventReceiver.StartAsync();
        _sandbox = await SandboxFixture.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Sandbox:Events:TargetUrl"] = _receiver.Url.AbsoluteUri,
            ["Sandbox:Events:RequireForwarding"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private string PlatformBusArn => $"arn:aws:events:us-east-1:{_sandbox.PlatformAccountId}:event-bus/emaillist";

    [Fact]
    public async Task Each_missing_link_stops_events_for_its_own_reason_until_the_target_role_is_a_forwarder_role_under_the_emaillist_path()
    {
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(_sandbox, tenant);
        var session = SignedRequests.Session(credentials);

        Assert.Equal("no-configuration-set", await UndeliveredReasonAsync(credentials, configurationSet: null));

        await SandboxClients.CreateConfigurationSetAsync(_sandbox, credentials, ConfigurationSet);
        Assert.Equal("no-event-destination", await UndeliveredReasonAsync(credentials));

        using (var destination = await SignedRequests.SendAsync(_sandbox.BaseUrl, HttpMethod.Post, $"v2/email/configuration-sets/{ConfigurationSet}/event-destinations",
            "{\"EventDestinationName\":\"to-bus\",\"EventDestination\":{\"Enabled\":true,\"MatchingEventTypes\":[\"SEND\",\"DELIVERY\",\"BOUNCE\"],"
            + $"\"EventBridgeDestination\":{{\"EventBusArn\":\"arn:aws:events:us-east-1:{tenant.AccountId}:event-bus/default\"}}}}}}", credentials))
        {
            Assert.True(destination.IsSuccessStatusCode, await destination.Content.ReadAsStringAsync());
        }

        Assert.Equal("no-matching-rule", await UndeliveredReasonAsync(credentials));

        await EventsAsync("PutRule", new { Name = "other", EventPattern = """{"source":["aws.ec2"]}""" }, session);
        Assert.Equal("no-matching-rule", await UndeliveredReasonAsync(credentials));

        await EventsAsync("PutRule", new { Name = "ses", EventPattern = """{"source":["aws.ses"],"detail-type":["Email Sent","Email Delivered","Email Bounced"]}""" }, session);
        Assert.Equal("no-target", await UndeliveredReasonAsync(credentials));

        await EventsAsync("PutTargets", new { Rule = "ses", Targets = new[] { new { Id = "platform", Arn = PlatformBusArn } } }, session);
        Assert.Equal("bus-policy-denies", await UndeliveredReasonAsync(credentials));

        await EventsAsync("PutTargets", new { Rule = "ses", Targets = new[] { new { Id = "platform", Arn = PlatformBusArn, RoleArn = SandboxFixture.RoleArn(tenant.AccountId, "Forwarder") } } }, session);
        Assert.Equal("bus-policy-denies", await UndeliveredReasonAsync(credentials));

        await EventsAsync("PutTargets", new { Rule = "ses", Targets = new[] { new { Id = "platform", Arn = PlatformBusArn, RoleArn = ForwarderRoleArn(tenant.AccountId) } } }, session);
        var delivered = await SendAsync(credentials, ConfigurationSet);
        var events = await _sandbox.Admin.WaitForEventDeliveryAsync(delivered);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("delivered", e.Status));
        Assert.Equal(2, _receiver.Requests.Count(r => r.MessageId == delivered));

        var stats = await _sandbox.Admin.GetEventStatsAsync();
        Assert.Equal(2, stats.Delivered);
        Assert.Equal(14, stats.Undelivered);
        Assert.Equal(4, stats.UndeliveredByReason!["no-matching-rule"]);
        Assert.Equal(4, stats.UndeliveredByReason["bus-policy-denies"]);
    }

    [Fact]
    public async Task A_rule_for_our_configuration_set_forwards_its_events_and_not_those_of_another_configuration_set()
    {
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(_sandbox, tenant);
        await WireAsync(tenant, credentials, ["SEND", "DELIVERY"],
            pattern: """{"source":["aws.ses"],"detail":{"mail":{"tags":{"ses:configuration-set":[""" + $"\"{ConfigurationSet}\"" + "]}}}}");
        await WireAsync(tenant, credentials, ["SEND", "DELIVERY"], configurationSet: "their-own", rule: false);

        Assert.Equal("no-matching-rule", await UndeliveredReasonAsync(credentials, "their-own"));
        var ours = await SendAsync(credentials, ConfigurationSet);
        var events = await _sandbox.Admin.WaitForEventDeliveryAsync(ours);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("delivered", e.Status));
    }

    [Fact]
    public async Task An_event_type_the_destination_does_not_match_is_not_forwarded_while_the_others_are()
    {
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(_sandbox, tenant);
        await WireAsync(tenant, credentials, ["BOUNCE"]);

        var messageId = await SendAsync(credentials, ConfigurationSet, "bounce@simulator.amazonses.com");

        var events = await _sandbox.Admin.WaitForEventDeliveryAsync(messageId);
        Assert.Equal("delivered", Assert.Single(events, e => e.DetailType == "Email Bounced").Status);
        var sent = Assert.Single(events, e => e.DetailType == "Email Sent");
        Assert.Equal("undelivered", sent.Status);
        Assert.StartsWith("no-event-destination", sent.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_sent_in_another_region_need_a_target_role_to_cross_to_the_platform_bus()
    {
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(_sandbox, tenant);
        await WireAsync(tenant, credentials, ["SEND", "DELIVERY"], region: "eu-west-1");

        var messageId = await SendAsync(credentials, ConfigurationSet, region: "eu-west-1");

        var events = await _sandbox.Admin.WaitForEventDeliveryAsync(messageId);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("delivered", e.Status));
        Assert.All(events, e => Assert.Equal("eu-west-1", e.Event.GetProperty("region").GetString()));
        Assert.Empty((await _sandbox.Admin.GetForwardingAsync(tenant.AccountId)).ConfigurationSets);
    }

    private static string ForwarderRoleArn(string accountId, string region = "us-east-1") =>
        $"arn:aws:iam::{accountId}:role/emaillist/emaillist-forwarder-{region}";

    /// <summary>What the customer template sets up: configuration set, EventBridge destination, and (unless <paramref name="rule"/> is false) the rule and its target with the forwarder role.</summary>
    private async Task WireAsync(SandboxTenant tenant, TemporaryCredentials credentials, string[] types, string region = "us-east-1",
        string configurationSet = ConfigurationSet, string pattern = """{"source":["aws.ses"]}""", bool rule = true)
    {
        var session = SignedRequests.Session(credentials);
        await SandboxClients.CreateConfigurationSetAsync(_sandbox, credentials, configurationSet, region);
        using (var destination = await SignedRequests.SendAsync(_sandbox.BaseUrl, HttpMethod.Post, $"v2/email/configuration-sets/{configurationSet}/event-destinations",
            JsonSerializer.Serialize(new
            {
                EventDestinationName = "to-bus",
                EventDestination = new { Enabled = true, MatchingEventTypes = types, EventBridgeDestination = new { EventBusArn = $"arn:aws:events:{region}:{tenant.AccountId}:event-bus/default" } },
            }), credentials, region))
        {
            Assert.True(destination.IsSuccessStatusCode, await destination.Content.ReadAsStringAsync());
        }

        if (rule)
        {
            await EventsAsync("PutRule", new { Name = "ses", EventPattern = pattern }, session, region);
            await EventsAsync("PutTargets", new { Rule = "ses", Targets = new[] { new { Id = "platform", Arn = PlatformBusArn, RoleArn = ForwarderRoleArn(tenant.AccountId, region) } } }, session, region);
        }
    }

    /// <summary>Sends to the success simulator (Send and Delivery), checks neither event reached the target, and returns why.</summary>
    private async Task<string> UndeliveredReasonAsync(TemporaryCredentials credentials, string? configurationSet = ConfigurationSet)
    {
        var messageId = await SendAsync(credentials, configurationSet);
        var events = await _sandbox.Admin.WaitForEventDeliveryAsync(messageId);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("undelivered", e.Status));
        Assert.DoesNotContain(_receiver.Requests, r => r.MessageId == messageId);
        var reasons = events.Select(e => e.LastError![..e.LastError!.IndexOf(':', StringComparison.Ordinal)]).Distinct().ToList();
        return Assert.Single(reasons);
    }

    private async Task<string> SendAsync(TemporaryCredentials credentials, string? configurationSet, string to = "success@simulator.amazonses.com", string region = "us-east-1")
    {
        var email = SandboxClients.Email(to: [to]) with { ConfigurationSetName = configurationSet };
        return await SandboxClients.Ses(_sandbox).SendEmailAsync(new SesSession(credentials, region), email, CancellationToken.None);
    }

    private async Task EventsAsync(string operation, object input, AWSCredentials credentials, string region = "us-east-1")
    {
        var answer = await AwsAnswer.ReadAsync(await SignedRequests.EventBridgeAsync(_sandbox.BaseUrl, operation, JsonSerializer.Serialize(input), credentials, region));
        Assert.True(answer.ErrorCode is null, $"{operation} answered {answer.ErrorCode}: {answer.Message}");
    }
}
