using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SES;
using Constructs;

namespace EmailList.Deploy;

/// <summary>
/// The template a tenant deploys in their own AWS account (the one the query API hands out): the role the platform
/// assumes with the tenant's external ID, allowed exactly the calls the platform makes, and the forwarding of the SES
/// events of our configuration set (no other event of the account) to the platform's event bus through a forwarder
/// role. Both roles live under <see cref="RolePath"/>. Needs no CDK bootstrap and carries no CDK metadata, so it works
/// in a CloudFormation quick-create link. Synthesized by <see cref="CustomerTemplate"/>, never deployed by the CDK app.
/// </summary>
public sealed class CustomerOnboardingStack : Stack
{
    public const string PlatformAccountIdParameter = "PlatformAccountId";
    public const string ExternalIdParameter = "ExternalId";
    public const string PlatformEventBusArnParameter = "PlatformEventBusArn";
    public const string ConfigurationSetNameParameter = "ConfigurationSetName";
    public const string RoleNameParameter = "RoleName";
    public const string RoleArnOutput = "RoleArn";
    public const string ConfigurationSetNameOutput = "ConfigurationSetName";
    public const string ForwardingRuleName = "emaillist-forward-ses";

    /// <summary>Rules the platform may create or change through the role all start with this.</summary>
    public const string RuleNamePrefix = "emaillist-";

    /// <summary>
    /// The IAM path of both roles. The platform assumes only roles under it, and its bus accepts events only from roles
    /// under it (one static statement for every tenant, see docs/deploy.md).
    /// </summary>
    public const string RolePath = "/emaillist/";

    /// <summary>The forwarder role's name before the region (EmailList.Core's OnboardingOptions.ForwarderRoleName: emaillist-forwarder-{region}).</summary>
    public const string ForwarderRoleNamePrefix = "emaillist-forwarder";

    /// <summary>The tag SES puts on every event of a mail sent with a configuration set, naming that set.</summary>
    public const string ConfigurationSetTag = "ses:configuration-set";

    /// <summary>The longest region name (e.g. ap-southeast-4) and its dash, kept free in the 64-character role name.</summary>
    private const int RegionSuffixLength = 16;

    /// <summary>Every SES event type the configuration set publishes (CloudFormation's spelling).</summary>
    public static readonly IReadOnlyList<string> SesEventTypes =
        ["send", "reject", "bounce", "complaint", "delivery", "open", "click", "renderingFailure", "deliveryDelay", "subscription"];

    private static readonly string[] SesSource = ["aws.ses"];

    public CustomerOnboardingStack(Construct scope, string id)
        : base(scope, id, new StackProps
        {
            Synthesizer = new BootstraplessSynthesizer(),
            AnalyticsReporting = false,
            Description = "EmailList: lets the EmailList platform send through this account's Amazon SES and forwards SES events to it.",
        })
    {
        var platformAccountId = new CfnParameter(this, PlatformAccountIdParameter, new CfnParameterProps
        {
            Type = "String",
            AllowedPattern = "^\\d{12}$",
            ConstraintDescription = "a 12-digit AWS account id",
            Description = "The EmailList platform's AWS account id (the only account that may assume the role).",
        });
        var externalId = new CfnParameter(this, ExternalIdParameter, new CfnParameterProps
        {
            Type = "String",
            MinLength = 2,
            MaxLength = 1224,
            AllowedPattern = "^[\\w+=,.@:/-]+$",
            NoEcho = false,
            Description = "Your tenant's external ID, as GET /tenant shows it; the role can be assumed only with it.",
        });
        var platformEventBusArn = new CfnParameter(this, PlatformEventBusArnParameter, new CfnParameterProps
        {
            Type = "String",
            AllowedPattern = "^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._-]+$",
            ConstraintDescription = "an EventBridge event bus ARN",
            Description = "The platform's event bus that receives this account's SES events.",
        });
        var configurationSetName = new CfnParameter(this, ConfigurationSetNameParameter, new CfnParameterProps
        {
            Type = "String",
            Default = "emaillist",
            AllowedPattern = "^[A-Za-z0-9_-]{1,64}$",
            Description = "The SES configuration set the platform sends with; it publishes every event type to EventBridge.",
        });
        var roleName = new CfnParameter(this, RoleNameParameter, new CfnParameterProps
        {
            Type = "String",
            Default = "EmailListSender",
            AllowedPattern = "^[\\w+=,.@-]{1," + (64 - RegionSuffixLength) + "}$",
            ConstraintDescription = "1-" + (64 - RegionSuffixLength) + " of A-Z, a-z, 0-9 and +=,.@_- (the region is appended)",
            Description = "The name of the role the platform assumes; the stack appends -<region>, so one account can onboard several regions.",
        });

        var defaultBusArn = Fn.Sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default");

        // The rule's ARN is known before the rule exists (fixed name, default bus): the forwarder's trust names it
        // without a reference, so the role and the rule that uses it do not depend on each other.
        var forwardingRuleArn = Fn.Sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/" + ForwardingRuleName);
        var forwarder = new Role(this, "ForwarderRole", new RoleProps
        {
            // The platform bus accepts events only from roles under this path (one static bus policy statement).
            Path = RolePath,
            RoleName = Fn.Join("-", [ForwarderRoleNamePrefix, Amazon.CDK.Aws.REGION]),
            AssumedBy = new ServicePrincipal("events.amazonaws.com").WithConditions(new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Amazon.CDK.Aws.ACCOUNT_ID },
                ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = forwardingRuleArn },
            }),
            Description = "Lets this account's EmailList rule put its SES events on the EmailList platform's bus.",
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                ["forward-to-platform"] = new(new PolicyDocumentProps
                {
                    Statements =
                    [
                        new PolicyStatement(new PolicyStatementProps
                        {
                            Actions = ["events:PutEvents"],
                            Resources = [platformEventBusArn.ValueAsString],
                        }),
                    ],
                }),
            },
        });

        var forwarderRoleArn = forwarder.RoleArn;
        var sender = new Role(this, "SenderRole", new RoleProps
        {
            // IAM role names are global to the account: the region in the name lets a tenant deploy the template in
            // each region it sends from.
            RoleName = Fn.Join("-", [roleName.ValueAsString, Amazon.CDK.Aws.REGION]),
            Path = RolePath,
            Description = "Assumed by the EmailList platform (with your external ID) to send through SES and set up event forwarding.",
            MaxSessionDuration = Duration.Hours(1),
            AssumedBy = new AccountPrincipal(platformAccountId.ValueAsString).WithConditions(new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["sts:ExternalId"] = externalId.ValueAsString },
            }),
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                ["emaillist-ses"] = SenderPolicy(configurationSetName.ValueAsString, platformEventBusArn.ValueAsString, forwarderRoleArn),
            },
        });

        var configurationSet = new CfnConfigurationSet(this, "ConfigurationSet", new CfnConfigurationSetProps
        {
            Name = configurationSetName.ValueAsString,
        });

        var destination = new CfnConfigurationSetEventDestination(this, "EventBridgeDestination", new CfnConfigurationSetEventDestinationProps
        {
            ConfigurationSetName = configurationSet.Ref,
            EventDestination = new CfnConfigurationSetEventDestination.EventDestinationProperty
            {
                Name = "emaillist-eventbridge",
                Enabled = true,
                MatchingEventTypes = [.. SesEventTypes],
            },
        });

        // Amazon.CDK.Lib 2.103.0 predates the EventBridge destination property; CloudFormation has it.
        destination.AddPropertyOverride("EventDestination.EventBridgeDestination.EventBusArn", defaultBusArn);

        new Amazon.CDK.AWS.Events.CfnRule(this, "ForwardSesEvents", new Amazon.CDK.AWS.Events.CfnRuleProps
        {
            Name = ForwardingRuleName,
            Description = "Forwards the SES events of the EmailList configuration set (and no other SES event of this account) to the EmailList platform.",
            EventBusName = "default",
            State = "ENABLED",
            EventPattern = ForwardedEvents(configurationSet.Ref),
            Targets = new object[]
            {
                new Amazon.CDK.AWS.Events.CfnRule.TargetProperty
                {
                    Id = "emaillist-platform-bus",
                    Arn = platformEventBusArn.ValueAsString,
                    RoleArn = forwarder.RoleArn,
                },
            },
        });

        new CfnOutput(this, RoleArnOutput, new CfnOutputProps
        {
            Value = sender.RoleArn,
            Description = "Paste this into EmailList (PUT /tenant/role).",
        });
        // Outputs and parameters are separate namespaces in CloudFormation, not in the construct tree.
        new CfnOutput(this, "ConfigurationSetNameOutput", new CfnOutputProps
        {
            Value = configurationSet.Ref,
            Description = "The configuration set the platform sends with.",
        }).OverrideLogicalId(ConfigurationSetNameOutput);
    }

    /// <summary>Only SES events of mails sent with our configuration set: the account's other SES traffic stays in the account.</summary>
    private static Dictionary<string, object> ForwardedEvents(string configurationSetName) => new()
    {
        ["source"] = SesSource,
        ["detail"] = new Dictionary<string, object>
        {
            ["mail"] = new Dictionary<string, object>
            {
                ["tags"] = new Dictionary<string, object> { [ConfigurationSetTag] = new[] { configurationSetName } },
            },
        },
    };

    /// <summary>
    /// Exactly the calls the platform makes through the role (EmailList.Core's SesSessionPolicy, OnboardingSessionPolicy
    /// and TemplateImportSessionPolicy), scoped to this account's resources; rules it may write can only match SES
    /// events and only target the platform bus.
    /// </summary>
    private static PolicyDocument SenderPolicy(string configurationSetName, string platformEventBusArn, string forwarderRoleArn)
    {
        var account = "${AWS::AccountId}";
        var configurationSetArn = Fn.Sub("arn:${AWS::Partition}:ses:*:" + account + ":configuration-set/${Name}",
            new Dictionary<string, string> { ["Name"] = configurationSetName });
        var ruleArn = Fn.Sub("arn:${AWS::Partition}:events:*:" + account + ":rule/" + RuleNamePrefix + "*");
        return new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "Send",
                    Actions = ["ses:SendEmail", "ses:SendRawEmail"],
                    Resources = [Fn.Sub("arn:${AWS::Partition}:ses:*:" + account + ":identity/*"), configurationSetArn],
                }),
                // These SES actions support no resource-level permissions.
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "AccountAndSuppressionList",
                    Actions =
                    [
                        "ses:GetAccount",
                        "ses:ListEmailIdentities",
                        "ses:GetSuppressedDestination",
                        "ses:PutSuppressedDestination",
                        "ses:DeleteSuppressedDestination",
                        "ses:ListSuppressedDestinations",
                        "ses:ListEmailTemplates",
                    ],
                    Resources = ["*"],
                }),
                // POST /templates/import reads the tenant's own SES templates (a session of only these two actions).
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "ReadTemplates",
                    Actions = ["ses:GetEmailTemplate"],
                    Resources = [Fn.Sub("arn:${AWS::Partition}:ses:*:" + account + ":template/*")],
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "ConfigurationSet",
                    Actions = ["ses:CreateConfigurationSet", "ses:CreateConfigurationSetEventDestination"],
                    Resources = [configurationSetArn],
                }),
                // events:source is in PutRule's request context (the pattern's sources): a rule the platform writes can
                // match SES events only, never CloudTrail, GuardDuty or anything else of the account.
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "ForwardingRuleMatchesSesOnly",
                    Actions = ["events:PutRule"],
                    Resources = [ruleArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object> { ["events:source"] = SesSource },
                    },
                }),
                // events:TargetArn is in PutTargets' request context: the only target is the platform bus.
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "ForwardingRuleTargetsPlatformBusOnly",
                    Actions = ["events:PutTargets"],
                    Resources = [ruleArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["ArnEquals"] = new Dictionary<string, object> { ["events:TargetArn"] = platformEventBusArn },
                    },
                }),
                // Onboarding reads the rule's targets to leave this template's forwarding exactly as it is.
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "ReadForwardingRuleTargets",
                    Actions = ["events:ListTargetsByRule"],
                    Resources = [ruleArn],
                }),
                // When onboarding writes the target itself, it names this template's forwarder role (the platform bus
                // admits events from roles under /emaillist/ only); passing that one role to EventBridge is all.
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "PassForwarderRoleToEventBridge",
                    Actions = ["iam:PassRole"],
                    Resources = [forwarderRoleArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object> { ["iam:PassedToService"] = "events.amazonaws.com" },
                    },
                }),
            ],
        });
    }
}
