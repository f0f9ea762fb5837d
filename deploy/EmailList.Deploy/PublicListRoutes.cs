using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.WAFv2;
using Constructs;

namespace EmailList.Deploy;

/// <summary>
/// The email lists' public routes (sign-up, confirm, unsubscribe: no JWT, reached from anyone's browser and mail client)
/// on their own host, forwarded to the send API, and a web ACL on the load balancer that rate-limits each client IP on
/// them before a request reaches a task. The send API limits per IP and per address again (its own limiters), so a flood
/// that spreads over many IPs is still held per address.
/// </summary>
public sealed class PublicListRoutes : Construct
{
    /// <summary>The paths the send API serves without authentication (EmailList.SendApi's public list endpoints).</summary>
    public static readonly string[] Paths = ["/subscribe/*", "/confirm/*", "/unsubscribe/*"];

    /// <summary>Requests per client IP per five minutes (WAF's default evaluation window): sign-ups are rare per person; confirm and unsubscribe are clicks.</summary>
    public const int SubscribeLimitPer5Minutes = 100;

    public const int LinkLimitPer5Minutes = 300;

    public PublicListRoutes(Construct scope, string id, ApplicationListener listener, ApplicationTargetGroup sendApi, string loadBalancerArn, string host, int priority)
        : base(scope, id)
    {
        listener.AddTargetGroups("PublicListRoute", new AddApplicationTargetGroupsProps
        {
            Priority = priority,
            Conditions = [ListenerCondition.HostHeaders([host]), ListenerCondition.PathPatterns(Paths)],
            TargetGroups = [sendApi],
        });

        var acl = new CfnWebACL(this, "RateLimits", new CfnWebACLProps
        {
            Scope = "REGIONAL",
            Description = "Per-IP rate limits on the public email list routes.",
            DefaultAction = new CfnWebACL.DefaultActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            VisibilityConfig = Visibility("emaillist-public"),
            Rules = new object[]
            {
                RateRule("SubscribePerIp", 0, SubscribeLimitPer5Minutes, host, "/subscribe/"),
                RateRule("ConfirmPerIp", 1, LinkLimitPer5Minutes, host, "/confirm/"),
                RateRule("UnsubscribePerIp", 2, LinkLimitPer5Minutes, host, "/unsubscribe/"),
            },
        });
        new CfnWebACLAssociation(this, "OnLoadBalancer", new CfnWebACLAssociationProps
        {
            ResourceArn = loadBalancerArn,
            WebAclArn = acl.AttrArn,
        });
    }

    private static CfnWebACL.RuleProperty RateRule(string name, int priority, int limit, string host, string pathPrefix) => new()
    {
        Name = name,
        Priority = priority,
        Action = new CfnWebACL.RuleActionProperty { Block = new CfnWebACL.BlockActionProperty() },
        VisibilityConfig = Visibility(name),
        Statement = new CfnWebACL.StatementProperty
        {
            RateBasedStatement = new CfnWebACL.RateBasedStatementProperty
            {
                AggregateKeyType = "IP",
                Limit = limit,
                ScopeDownStatement = new CfnWebACL.StatementProperty
                {
                    AndStatement = new CfnWebACL.AndStatementProperty
                    {
                        Statements = new object[]
                        {
                            Match(new CfnWebACL.FieldToMatchProperty { SingleHeader = new Dictionary<string, object> { ["Name"] = "host" } }, host, "EXACTLY"),
                            Match(new CfnWebACL.FieldToMatchProperty { UriPath = new Dictionary<string, object>() }, pathPrefix, "STARTS_WITH"),
                        },
                    },
                },
            },
        },
    };

    private static CfnWebACL.StatementProperty Match(CfnWebACL.FieldToMatchProperty field, string value, string constraint) => new()
    {
        ByteMatchStatement = new CfnWebACL.ByteMatchStatementProperty
        {
            FieldToMatch = field,
            SearchString = value,
            PositionalConstraint = constraint,
            TextTransformations = new object[] { new CfnWebACL.TextTransformationProperty { Priority = 0, Type = "LOWERCASE" } },
        },
    };

    private static CfnWebACL.VisibilityConfigProperty Visibility(string metric) => new()
    {
        CloudWatchMetricsEnabled = true,
        MetricName = metric,
        SampledRequestsEnabled = true,
    };
}
