using Amazon.CDK;
using Constructs;

namespace EmailList.Deploy;

/// <summary>What differs between deployments of <see cref="PlatformStack"/>; <c>cdk -c name=value</c> sets them (see docs/deploy.md).</summary>
public sealed class PlatformStackProps : StackProps
{
    /// <summary>The custom event bus tenants' accounts forward their SES events to.</summary>
    public string EventBusName { get; set; } = "emaillist";

    /// <summary>Prepended to every DynamoDB table name (<c>DynamoDb:TablePrefix</c>).</summary>
    public string TablePrefix { get; set; } = "emaillist-";

    /// <summary>The services answer on send.{domain}, query.{domain} and lists.{domain}; DNS points those at the load balancer.</summary>
    public required string DomainName { get; set; }

    /// <summary>An ACM certificate in the stack's region for *.{domain}.</summary>
    public required string CertificateArn { get; set; }

    public required string SendApiImage { get; set; }

    public required string EventIngesterImage { get; set; }

    public required string QueryApiImage { get; set; }

    public required string DispatcherImage { get; set; }

    /// <summary>The identity provider's issuer (<c>Auth:Issuer</c>); also its OIDC authority unless <see cref="AuthAuthority"/> is set.</summary>
    public required string AuthIssuer { get; set; }

    public string? AuthAuthority { get; set; }

    public string AuthAudience { get; set; } = "emaillist";

    /// <summary>The published customer onboarding template (<c>Onboarding:TemplateUrl</c> of the query API).</summary>
    public string? OnboardingTemplateUrl { get; set; }

    /// <summary>
    /// The published template's key in the templates bucket (e.g. customer-onboarding/v1.template.json): the query API
    /// presigns a GET of it for every quick-create link and may read that object alone.
    /// </summary>
    public string? OnboardingTemplateKey { get; set; }

    public string RedisNodeType { get; set; } = "cache.t4g.small";

    public int MinTasks { get; set; } = 2;

    public int MaxTasks { get; set; } = 10;

    /// <summary>One per availability zone, so losing a zone does not cut the other's way out.</summary>
    public int NatGateways { get; set; } = 2;

    /// <summary>Interface endpoints for SQS, Secrets Manager, ECR, CloudWatch Logs and STS (the gateway endpoints are always there).</summary>
    public bool InterfaceEndpoints { get; set; } = true;

    /// <summary>Subscribed by email to the alarm topic when set (the subscription must be confirmed).</summary>
    public string? AlarmEmail { get; set; }

    /// <summary>The web ACL's per-IP limit on each API host per five minutes; generous, since a tenant's servers may share one address.</summary>
    public int ApiRequestsPerIpPer5Minutes { get; set; } = 30_000;

    /// <summary>Reads the props from CDK context (cdk.json or <c>-c</c>); names every missing required value at once.</summary>
    public static PlatformStackProps FromContext(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var missing = new List<string>();
        string Required(string key)
        {
            var value = node.TryGetContext(key) as string;
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add(key);
            }

            return value ?? "";
        }

        string? Optional(string key) => node.TryGetContext(key) is string { Length: > 0 } value ? value : null;
        int Number(string key, int fallback) => Optional(key) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;

        var props = new PlatformStackProps
        {
            DomainName = Required("domainName"),
            CertificateArn = Required("certificateArn"),
            SendApiImage = Required("sendApiImage"),
            EventIngesterImage = Required("eventIngesterImage"),
            QueryApiImage = Required("queryApiImage"),
            DispatcherImage = Required("dispatcherImage"),
            AuthIssuer = Required("authIssuer"),
            AuthAuthority = Optional("authAuthority"),
            AuthAudience = Optional("authAudience") ?? "emaillist",
            EventBusName = Optional("eventBusName") ?? "emaillist",
            TablePrefix = Optional("tablePrefix") ?? "emaillist-",
            OnboardingTemplateUrl = Optional("onboardingTemplateUrl"),
            OnboardingTemplateKey = Optional("onboardingTemplateKey"),
            RedisNodeType = Optional("redisNodeType") ?? "cache.t4g.small",
            MinTasks = Number("minTasks", 2),
            MaxTasks = Number("maxTasks", 10),
            NatGateways = Number("natGateways", 2),
            InterfaceEndpoints = Optional("interfaceEndpoints") is not { } endpoints || bool.Parse(endpoints),
            AlarmEmail = Optional("alarmEmail"),
            ApiRequestsPerIpPer5Minutes = Number("apiRequestsPerIpPer5Minutes", 30_000),
        };
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Missing CDK context: {string.Join(", ", missing)}. Pass each with -c name=value (docs/deploy.md lists them), "
                + "or synthesize only the customer template with deploy/synth-customer-template.sh.");
        }

        return props;
    }
}
