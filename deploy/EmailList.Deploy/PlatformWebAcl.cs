using Amazon.CDK.AWS.WAFv2;
using Constructs;

namespace EmailList.Deploy;

/// <summary>
/// The web ACL on the load balancer: a per-IP rate limit on every public route, evaluated before a request reaches a
/// task. The lists' public routes get tight limits (people click them); the APIs a generous one per host (tenants'
/// servers call them, often from one address), which still stops one address from flooding a service.
/// </summary>
public sealed class PlatformWebAcl : Construct
{
    public PlatformWebAcl(Construct scope, string id, string loadBalancerArn, string listsHost, IReadOnlyDictionary<string, string> apiHosts, int apiLimitPer5Minutes)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(apiHosts);
        var rules = new List<object>
        {
            RateRule("SubscribePerIp", 0, PublicListRoutes.SubscribeLimitPer5Minutes, listsHost, "/subscribe/"),
            RateRule("ConfirmPerIp", 1, PublicListRoutes.LinkLimitPer5Minutes, listsHost, "/confirm/"),
            RateRule("UnsubscribePerIp", 2, PublicListRoutes.LinkLimitPer5Minutes, listsHost, "/unsubscribe/"),
        };
        foreach (var (name, host) in apiHosts)
        {
            rules.Add(RateRule($"{name}PerIp", rules.Count, apiLimitPer5Minutes, host, pathPrefix: null));
        }

        var acl = new CfnWebACL(this, "RateLimits", new CfnWebACLProps
        {
            Scope = "REGIONAL",
            Description = "Per-IP rate limits on every public route of the EmailList load balancer.",
            DefaultAction = new CfnWebACL.DefaultActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            VisibilityConfig = Visibility("emaillist-public"),
            Rules = rules.ToArray(),
        });
        new CfnWebACLAssociation(this, "OnLoadBalancer", new CfnWebACLAssociationProps
        {
            ResourceArn = loadBalancerArn,
            WebAclArn = acl.AttrArn,
        });
    }

    private static CfnWebACL.RuleProperty RateRule(string name, int priority, int limit, string host, string? pathPrefix) => new()
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
                ScopeDownStatement = pathPrefix is null ? HostIs(host) : new CfnWebACL.StatementProperty
                {
                    AndStatement = new CfnWebACL.AndStatementProperty
                    {
                        Statements = new object[]
                        {
                            HostIs(host),
                            Match(new CfnWebACL.FieldToMatchProperty { UriPath = new Dictionary<string, object>() }, pathPrefix, "STARTS_WITH"),
                        },
                    },
                },
            },
        },
    };

    private static CfnWebACL.StatementProperty HostIs(string host) =>
        Match(new CfnWebACL.FieldToMatchProperty { SingleHeader = new Dictionary<string, object> { ["Name"] = "host" } }, host, "EXACTLY");

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
