using EmailList.Core.Credentials;
using EmailList.Core.Forwarding;
using EmailList.Core.Ses;
using EmailList.Testing.Hosting;
using EmailList.Testing.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.Aws.Tests.Sandbox;

/// <summary>
/// The onboarding calls of our SES v2 and EventBridge clients against the sandbox, which the official AWS SDK for
/// JavaScript also talks to (tests/EmailList.Sandbox.Tests/js): the two sides of the wire agree.
/// </summary>
public sealed class ClientsAgainstSandboxTests : IAsyncLifetime
{
    private readonly SandboxFixture _sandbox = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SandboxAwsConfiguration.For(_sandbox)).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSesClient();
        services.AddStsRoleAssumer();
        services.AddEventBridgeClient();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private IEventBridgeClient EventBridge => _services.GetRequiredService<IEventBridgeClient>();

    private ISesClient Ses => _services.GetRequiredService<ISesClient>();

    [Fact]
    public async Task A_tenant_session_sets_up_its_configuration_set_and_forwarding_rule()
    {
        var session = await SessionAsync("555000000002", "eu-west-1");
        var busArn = "arn:aws:events:eu-west-1:555000000002:event-bus/default";

        Assert.True(await Ses.CreateConfigurationSetAsync(session, "emaillist", default));
        Assert.False(await Ses.CreateConfigurationSetAsync(session, "emaillist", default));
        Assert.True(await Ses.CreateConfigurationSetEventDestinationAsync(session, "emaillist",
            new SesEventDestination("emaillist-eventbridge", busArn, SesEventDestination.AllEventTypes), default));
        Assert.False(await Ses.CreateConfigurationSetEventDestinationAsync(session, "emaillist",
            new SesEventDestination("emaillist-eventbridge", busArn, SesEventDestination.AllEventTypes), default));
        var ruleArn = await EventBridge.PutRuleAsync(session, new EventRule("emaillist-forward-ses", "{\"source\":[\"aws.ses\"]}"), default);
        await EventBridge.PutTargetsAsync(session, "emaillist-forward-ses", "default",
            [new EventRuleTarget("emaillist-platform-bus", "arn:aws:events:eu-west-1:111111111111:event-bus/emaillist")], default);

        Assert.Equal("arn:aws:events:eu-west-1:555000000002:rule/emaillist-forward-ses", ruleArn);
        var forwarding = await _sandbox.Admin.GetForwardingAsync("555000000002", "eu-west-1");
        Assert.Equal(busArn, Assert.Single(Assert.Single(forwarding.ConfigurationSets).EventDestinations).EventBusArn);
        var rule = Assert.Single(forwarding.EventBuses.Single(b => b.Name == "default").Rules);
        Assert.Equal("arn:aws:events:eu-west-1:111111111111:event-bus/emaillist", Assert.Single(rule.Targets).Arn);
        Assert.Equal([new EventRuleTarget("emaillist-platform-bus", "arn:aws:events:eu-west-1:111111111111:event-bus/emaillist")],
            await EventBridge.ListTargetsByRuleAsync(session, "emaillist-forward-ses", "default", default));
        Assert.Null(await EventBridge.ListTargetsByRuleAsync(session, "no-such-rule", "default", default));
    }

    [Fact]
    public async Task A_failed_target_entry_and_a_refused_action_surface_as_typed_errors()
    {
        var session = await SessionAsync("555000000003", "us-east-1");
        await EventBridge.PutRuleAsync(session, new EventRule("emaillist-forward-ses", "{\"source\":[\"aws.ses\"]}"), default);

        var crossRegion = await Assert.ThrowsAsync<EventBridgeException>(() => EventBridge.PutTargetsAsync(session, "emaillist-forward-ses", "default",
            [new EventRuleTarget("emaillist-platform-bus", "arn:aws:events:eu-west-1:111111111111:event-bus/emaillist")], default));
        var narrow = await SessionAsync("555000000004", "us-east-1", permissions: ["ses:GetAccount"]);
        var denied = await Assert.ThrowsAsync<SesException>(() => Ses.ListEmailIdentitiesAsync(narrow, default));

        Assert.Equal(EventBridgeErrorKind.Invalid, crossRegion.Kind);
        Assert.Equal(SesErrorKind.AccessDenied, denied.Kind);
    }

    [Fact]
    public async Task Identities_are_listed_per_region()
    {
        await _sandbox.Admin.PutAccountAsync("555000000005",
            new EmailList.Sandbox.Admin.SandboxAccountSettings(VerifiedIdentities: ["acme.example", "ops@other.example"], Regions: ["eu-west-1"]));

        var home = await Ses.ListEmailIdentitiesAsync(await SessionAsync("555000000005", "eu-west-1", createAccount: false), default);
        var elsewhere = await Ses.ListEmailIdentitiesAsync(await SessionAsync("555000000005", "us-east-1", createAccount: false), default);

        Assert.Equal(["acme.example", "ops@other.example"], home.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.All(home, identity => Assert.True(identity.IsVerified));
        Assert.Contains(home, identity => identity.IdentityType == "DOMAIN");
        Assert.Empty(elsewhere);
    }

    private async Task<SesSession> SessionAsync(string accountId, string region, IReadOnlyList<string>? permissions = null, bool createAccount = true)
    {
        if (createAccount)
        {
            await _sandbox.Admin.PutAccountAsync(accountId);
        }

        var roleArn = SandboxFixture.RoleArn(accountId, "EmailListSender");
        await _sandbox.Admin.PutRoleAsync(new EmailList.Sandbox.Admin.SandboxRole(roleArn, "el-external-id-for-client-tests-000000000", Permissions: permissions));
        var credentials = await _services.GetRequiredService<IRoleAssumer>().AssumeRoleAsync(
            new RoleAssumptionRequest(roleArn, "el-external-id-for-client-tests-000000000", "client-tests", TimeSpan.FromHours(1), OnboardingSessionPolicy.Json), default);
        return new SesSession(credentials, region);
    }
}
