using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace EmailList.Deploy.Tests;

public sealed class CustomerOnboardingTemplateTests(CustomerTemplateFixture fixture) : IClassFixture<CustomerTemplateFixture>
{
    private static readonly string[] ListedActions =
    [
        "ses:SendEmail", "ses:SendRawEmail", "ses:GetAccount", "ses:ListEmailIdentities",
        "ses:GetSuppressedDestination", "ses:PutSuppressedDestination", "ses:DeleteSuppressedDestination", "ses:ListSuppressedDestinations",
        "ses:CreateConfigurationSet", "ses:CreateConfigurationSetEventDestination", "ses:GetConfigurationSet", "ses:GetConfigurationSetEventDestinations",
        "events:PutRule", "events:PutTargets", "events:DescribeRule", "ses:ListEmailTemplates", "ses:GetEmailTemplate",
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
        Assert.Equal("RoleName", (string?)Json.Resources[SenderRoleId]!["Properties"]!["RoleName"]!["Ref"]);
    }

    [Fact]
    public void The_sender_role_may_do_exactly_the_listed_actions_and_pass_only_the_forwarder_role()
    {
        var statements = Json.StatementsOfRole(SenderRoleId);
        Assert.All(statements, s => Assert.Equal("Allow", (string?)s["Effect"]));
        var actions = statements.SelectMany(TemplateJson.Actions).ToList();
        Assert.Equal(ListedActions.Append("iam:PassRole").Order(StringComparer.Ordinal), actions.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(actions, a => a.Contains('*', StringComparison.Ordinal));

        var passRole = Assert.Single(statements, s => TemplateJson.Actions(s).Any(a => a.StartsWith("iam:", StringComparison.Ordinal)));
        Assert.Equal(["iam:PassRole"], TemplateJson.Actions(passRole));
        Assert.True(TemplateJson.Same(passRole["Resource"], new JsonObject { ["Fn::GetAtt"] = new JsonArray(ForwarderRoleId, "Arn") }));
        Assert.Equal("events.amazonaws.com", (string?)passRole["Condition"]!["StringEquals"]!["iam:PassedToService"]);
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

        var rules = Assert.Single(Json.StatementsOfRole(SenderRoleId), s => TemplateJson.Actions(s).Contains("events:PutRule"));
        var ruleArn = (string?)Assert.Single(TemplateJson.List(rules["Resource"]))["Fn::Sub"];
        Assert.EndsWith(":rule/emaillist-*", ruleArn, StringComparison.Ordinal);
    }

    [Fact]
    public void The_forwarder_role_can_only_put_events_on_the_platform_bus()
    {
        var role = Json.Resources[ForwarderRoleId]!["Properties"]!;
        var trust = Assert.Single(role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.True(TemplateJson.Same(trust["Principal"], new JsonObject { ["Service"] = "events.amazonaws.com" }));

        var statement = Assert.Single(Json.StatementsOfRole(ForwarderRoleId));
        Assert.Equal(["events:PutEvents"], TemplateJson.Actions(statement));
        Assert.True(TemplateJson.Same(statement["Resource"], new JsonObject { ["Ref"] = "PlatformEventBusArn" }));
        Assert.Null(statement["Condition"]);
    }

    [Fact]
    public void SES_events_of_every_type_reach_the_default_bus_and_are_forwarded_to_the_platform_bus()
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
        Assert.True(TemplateJson.Same(rule["EventPattern"], JsonNode.Parse("""{"source":["aws.ses"]}""")));
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
