using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using EmailList.Core.Credentials;
using EmailList.Core.Templates;

namespace EmailList.Deploy.Tests;

public sealed class CustomerOnboardingTemplateTests(CustomerTemplateFixture fixture) : IClassFixture<CustomerTemplateFixture>
{
    private static readonly string[] ListedActions =
    [
        "ses:SendEmail", "ses:SendRawEmail", "ses:GetAccount", "ses:ListEmailIdentities",
        "ses:GetSuppressedDestination", "ses:PutSuppressedDestination", "ses:DeleteSuppressedDestination", "ses:ListSuppressedDestinations",
        "ses:CreateConfigurationSet", "ses:CreateConfigurationSetEventDestination",
        "events:PutRule", "events:PutTargets", "events:ListTargetsByRule", "ses:ListEmailTemplates", "ses:GetEmailTemplate",
        "iam:PassRole",
    ];

    private TemplateJson Json => fixture.Json;

    private string SenderRoleId => RoleTrusting("AWS");

    private string ForwarderRoleId => RoleTrusting("Service");

    [Fact]
    public void The_committed_template_is_a_fresh_synth_of_the_stack()
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot(), CustomerTemplate.RepositoryPath)).ReplaceLineEndings("\n");
        Assert.True(committed == fixture.Rendered,
            $"{CustomerTemplate.RepositoryPath} is stale: run deploy/synth-customer-template.sh and commit the result.");
    }

    [Fact]
    public void Tenants_fill_in_exactly_the_five_parameters_with_the_documented_defaults()
    {
        var parameters = Json.Root["Parameters"]!.AsObject();
        Assert.Equal(
            ["ConfigurationSetName", "ExternalId", "PlatformAccountId", "PlatformEventBusArn", "RoleName"],
            parameters.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("emaillist", (string?)parameters["ConfigurationSetName"]!["Default"]);
        Assert.Equal("EmailListSender", (string?)parameters["RoleName"]!["Default"]);
        Assert.Null(parameters["ExternalId"]!["Default"]);
        Assert.Null(parameters["PlatformAccountId"]!["Default"]);
    }

    [Fact]
    public void It_deploys_without_a_CDK_bootstrap_and_carries_no_CDK_metadata()
    {
        Assert.Null(Json.Root["Rules"]);
        Assert.Null(Json.Root["Conditions"]);
        Assert.DoesNotContain("BootstrapVersion", Json.Root["Parameters"]!.AsObject().Select(p => p.Key));
        Assert.DoesNotContain(Json.Resources, r => (string?)r.Value!["Type"] == "AWS::CDK::Metadata");
        Assert.DoesNotContain(Json.Resources, r => r.Value!["Metadata"] is not null);
        Assert.DoesNotContain("cdk-bootstrap", fixture.Rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("aws:cdk:", fixture.Rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sender_role_trusts_only_the_platform_account_and_only_with_the_external_id()
    {
        fixture.Template.HasResourceProperties("AWS::IAM::Role", new Dictionary<string, object>
        {
            ["AssumeRolePolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith(
                [
                    Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Condition"] = new Dictionary<string, object>
                        {
                            ["StringEquals"] = new Dictionary<string, object> { ["sts:ExternalId"] = new Dictionary<string, object> { ["Ref"] = "ExternalId" } },
                        },
                    }),
                ]),
            }),
        });

        var trust = Json.Resources[SenderRoleId]!["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray();
        var statement = Assert.Single(trust)!.AsObject();
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Equal(["sts:AssumeRole"], TemplateJson.Actions(statement));
        var principal = statement["Principal"]!.AsObject();
        Assert.Equal(["AWS"], principal.Select(p => p.Key));
        var principalArn = principal["AWS"]!["Fn::Join"]![1]!.AsArray();
        Assert.Contains(principalArn, part => TemplateJson.Same(part, new JsonObject { ["Ref"] = "PlatformAccountId" }));
        Assert.Equal(":root", (string?)principalArn[^1]);
        Assert.True(TemplateJson.Same(
            statement["Condition"],
            JsonNode.Parse("""{"StringEquals":{"sts:ExternalId":{"Ref":"ExternalId"}}}""")),
            "The trust policy must require the tenant's external ID and nothing else.");
    }

    [Fact]
    public void Both_roles_live_under_the_emaillist_path_with_names_unique_per_region()
    {
        var sender = Json.Resources[SenderRoleId]!["Properties"]!;
        var forwarder = Json.Resources[ForwarderRoleId]!["Properties"]!;
        Assert.Equal("/emaillist/", (string?)sender["Path"]);
        Assert.Equal("/emaillist/", (string?)forwarder["Path"]);
        Assert.Equal("${RoleName}-${AWS::Region}", TemplateJson.Resolve(sender["RoleName"]));
        // The name onboarding computes for the target's role (OnboardingOptions.ForwarderRoleName).
        Assert.Equal("emaillist-forwarder-${AWS::Region}", TemplateJson.Resolve(forwarder["RoleName"]));
        // The platform tries a one-hour session; a shorter maximum would refuse it.
        Assert.Equal(3600, (int?)sender["MaxSessionDuration"]);
        // 64 characters in all with the longest region and its dash.
        Assert.Equal("^[\\w+=,.@-]{1,48}$", (string?)Json.Root["Parameters"]!["RoleName"]!["AllowedPattern"]);
    }

    [Fact]
    public void Every_ARN_takes_its_partition_from_the_stack()
    {
        Assert.DoesNotContain("arn:aws:", fixture.Rendered, StringComparison.Ordinal);
        Assert.Contains("arn:${AWS::Partition}:", fixture.Rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sender_role_may_do_exactly_the_listed_actions_and_pass_only_the_forwarder_role_to_EventBridge()
    {
        var statements = Json.StatementsOfRole(SenderRoleId);
        Assert.All(statements, s => Assert.Equal("Allow", (string?)s["Effect"]));
        var actions = statements.SelectMany(TemplateJson.Actions).ToList();
        Assert.Equal(ListedActions.Order(StringComparer.Ordinal), actions.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(actions, a => a.Contains('*', StringComparison.Ordinal));
        Assert.DoesNotContain("events:DescribeRule", actions);
        Assert.DoesNotContain(actions, a => a.StartsWith("ses:GetConfigurationSet", StringComparison.Ordinal));

        var passRole = Assert.Single(statements, s => TemplateJson.Actions(s).Any(a => a.StartsWith("iam:", StringComparison.Ordinal)));
        Assert.Equal(["iam:PassRole"], TemplateJson.Actions(passRole));
        Assert.True(TemplateJson.Same(passRole["Resource"], new JsonObject { ["Fn::GetAtt"] = new JsonArray(ForwarderRoleId, "Arn") }));
        Assert.True(TemplateJson.Same(passRole["Condition"], JsonNode.Parse("""{"StringEquals":{"iam:PassedToService":"events.amazonaws.com"}}""")));
    }

    [Fact]
    public void Every_call_the_platform_makes_through_the_role_is_granted()
    {
        // The session policies the platform passes to AssumeRole name every call it makes through the role.
        var actions = Json.StatementsOfRole(SenderRoleId).SelectMany(TemplateJson.Actions).ToHashSet(StringComparer.Ordinal);
        var called = SesSessionPolicy.Actions.Concat(OnboardingSessionPolicy.Actions).Concat(TemplateImportSessionPolicy.Actions);
        Assert.All(called, a => Assert.Contains(a, actions));
    }

    [Fact]
    public void Rules_the_platform_writes_can_only_match_SES_events_and_only_target_the_platform_bus()
    {
        var statements = Json.StatementsOfRole(SenderRoleId);
        var putRule = Assert.Single(statements, s => TemplateJson.Actions(s).Contains("events:PutRule"));
        Assert.Equal(["events:PutRule"], TemplateJson.Actions(putRule));
        Assert.True(TemplateJson.Same(putRule["Condition"], JsonNode.Parse("""{"StringEquals":{"events:source":["aws.ses"]}}""")));

        var putTargets = Assert.Single(statements, s => TemplateJson.Actions(s).Contains("events:PutTargets"));
        Assert.Equal(["events:PutTargets"], TemplateJson.Actions(putTargets));
        Assert.True(TemplateJson.Same(putTargets["Condition"], JsonNode.Parse("""{"ArnEquals":{"events:TargetArn":{"Ref":"PlatformEventBusArn"}}}""")));

        foreach (var statement in new[] { putRule, putTargets })
        {
            Assert.Equal(["arn:${AWS::Partition}:events:*:${AWS::AccountId}:rule/emaillist-*"], TemplateJson.ResourcesOf(statement));
        }

        var listTargets = Assert.Single(statements, s => TemplateJson.Actions(s).Contains("events:ListTargetsByRule"));
        Assert.Equal(["events:ListTargetsByRule"], TemplateJson.Actions(listTargets));
        Assert.Equal(["arn:${AWS::Partition}:events:*:${AWS::AccountId}:rule/emaillist-*"], TemplateJson.ResourcesOf(listTargets));
    }

    [Fact]
    public void Only_SES_actions_without_resource_level_permissions_apply_to_every_resource()
    {
        var unscoped = Json.StatementsOfRole(SenderRoleId)
            .Where(s => TemplateJson.List(s["Resource"]).Any(r => r is JsonValue v && (string?)v == "*"))
            .SelectMany(TemplateJson.Actions)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["ses:DeleteSuppressedDestination", "ses:GetAccount", "ses:GetSuppressedDestination", "ses:ListEmailIdentities",
                "ses:ListEmailTemplates", "ses:ListSuppressedDestinations", "ses:PutSuppressedDestination"],
            unscoped);

    }

    [Fact]
    public void The_forwarder_role_can_only_put_events_on_the_platform_bus_and_only_for_the_template_rule()
    {
        var role = Json.Resources[ForwarderRoleId]!["Properties"]!;
        var trust = Assert.Single(role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.True(TemplateJson.Same(trust["Principal"], new JsonObject { ["Service"] = "events.amazonaws.com" }));
        // Only EventBridge acting for this account's forwarding rule (the confused deputy guard for services).
        Assert.Equal("AWS::AccountId", (string?)trust["Condition"]!["StringEquals"]!["aws:SourceAccount"]!["Ref"]);
        Assert.Equal("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/emaillist-forward-ses",
            TemplateJson.Resolve(trust["Condition"]!["ArnEquals"]!["aws:SourceArn"]));

        var statement = Assert.Single(Json.StatementsOfRole(ForwarderRoleId));
        Assert.Equal(["events:PutEvents"], TemplateJson.Actions(statement));
        Assert.True(TemplateJson.Same(statement["Resource"], new JsonObject { ["Ref"] = "PlatformEventBusArn" }));
    }

    [Fact]
    public void SES_events_of_every_type_reach_the_default_bus_and_only_our_configuration_set_s_are_forwarded_to_the_platform_bus()
    {
        var (_, destination) = Json.OnlyOfType("AWS::SES::ConfigurationSetEventDestination");
        var settings = destination["EventDestination"]!;
        Assert.True((bool)settings["Enabled"]!);
        Assert.Equal(CustomerOnboardingStack.SesEventTypes, settings["MatchingEventTypes"]!.AsArray().Select(t => (string)t!));
        Assert.EndsWith(":event-bus/default", (string?)settings["EventBridgeDestination"]!["EventBusArn"]!["Fn::Sub"], StringComparison.Ordinal);
        Assert.True(TemplateJson.Same(destination["ConfigurationSetName"], new JsonObject { ["Ref"] = "ConfigurationSet" }));

        var (_, configurationSet) = Json.OnlyOfType("AWS::SES::ConfigurationSet");
        Assert.True(TemplateJson.Same(configurationSet["Name"], new JsonObject { ["Ref"] = "ConfigurationSetName" }));

        var (_, rule) = Json.OnlyOfType("AWS::Events::Rule");
        Assert.Equal("emaillist-forward-ses", (string?)rule["Name"]);
        Assert.Equal("default", (string?)rule["EventBusName"]);
        Assert.True(TemplateJson.Same(rule["EventPattern"],
            JsonNode.Parse("""{"source":["aws.ses"],"detail":{"mail":{"tags":{"ses:configuration-set":[{"Ref":"ConfigurationSet"}]}}}}""")));
        var target = Assert.Single(rule["Targets"]!.AsArray())!;
        Assert.True(TemplateJson.Same(target["Arn"], new JsonObject { ["Ref"] = "PlatformEventBusArn" }));
        Assert.True(TemplateJson.Same(target["RoleArn"], new JsonObject { ["Fn::GetAtt"] = new JsonArray(ForwarderRoleId, "Arn") }));
    }

    [Fact]
    public void The_stack_outputs_the_role_ARN_to_paste_and_the_configuration_set_name()
    {
        var outputs = Json.Root["Outputs"]!.AsObject();
        Assert.Equal(["ConfigurationSetName", "RoleArn"], outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.True(TemplateJson.Same(outputs["RoleArn"]!["Value"], new JsonObject { ["Fn::GetAtt"] = new JsonArray(SenderRoleId, "Arn") }));
        Assert.True(TemplateJson.Same(outputs["ConfigurationSetName"]!["Value"], new JsonObject { ["Ref"] = "ConfigurationSet" }));
    }

    private string RoleTrusting(string principalKind) => Assert.Single(
        Json.OfType("AWS::IAM::Role"),
        r => r.Properties["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]![principalKind] is not null).Id;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EmailList.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No EmailList.sln above " + AppContext.BaseDirectory);
    }
}
