using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SQS;
using Constructs;
using EventTargets = Amazon.CDK.AWS.Events.Targets;

namespace EmailList.Deploy;

/// <summary>
/// The platform in one account: DynamoDB tables, the event bus that receives tenants' SES events and hands them to the
/// ingester, the three services on Fargate behind one HTTPS load balancer (host routing), the dispatcher (a worker), Redis, secrets, and one
/// least-privilege task role per service.
/// </summary>
public sealed class PlatformStack : Stack
{
    public const string SendApiHostPrefix = "send";
    public const string QueryApiHostPrefix = "query";
    public const string IngesterHostPrefix = "ingest";

    /// <summary>The host of the email lists' public routes (sign-up, confirm, unsubscribe), the base of the links in mails.</summary>
    public const string ListsHostPrefix = "lists";

    /// <summary>The header the ingester reads the shared secret from (EmailList.EventIngester's IngestKey.HeaderName).</summary>
    public const string IngestKeyHeader = "X-EmailList-Ingest-Key";

    public const string IngesterPath = "/ses-events";
    public const string HealthPath = "/health";
    public const int ContainerPort = 8080;

    public PlatformStack(Construct scope, string id, PlatformStackProps props)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(props);
        Tables = new PlatformTables(this, "Tables", props.TablePrefix);
        Secrets = new PlatformSecrets(this, "Secrets");

        EventBus = new EventBus(this, "EventBus", new EventBusProps { EventBusName = props.EventBusName });

        var vpc = new Vpc(this, "Vpc", new VpcProps { MaxAzs = 2, NatGateways = props.NatGateways });
        var redis = new PlatformRedis(this, "Redis", vpc, Secrets.RedisAuthToken, props.RedisNodeType);
        var redisConnection = new Amazon.CDK.AWS.SecretsManager.Secret(this, "RedisConnectionString", new SecretProps
        {
            Description = "ConnectionStrings:redis for the services (endpoint, TLS and the auth token).",
            SecretStringValue = SecretValue.UnsafePlainText(Fn.Join("", [
                redis.Endpoint, ":", redis.Port, ",ssl=true,abortConnect=false,password=", Secrets.RedisAuthToken.SecretValue.UnsafeUnwrap(),
            ])),
        });

        var cluster = new Cluster(this, "Cluster", new ClusterProps { Vpc = vpc, ContainerInsights = true });
        var loadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = vpc,
            InternetFacing = true,
            DropInvalidHeaderFields = true,
        });
        loadBalancer.AddRedirect();
        var listener = loadBalancer.AddListener("Https", new BaseApplicationListenerProps
        {
            Port = 443,
            Protocol = ApplicationProtocol.HTTPS,
            SslPolicy = SslPolicy.RECOMMENDED_TLS,
            Certificates = [ListenerCertificate.FromArn(props.CertificateArn)],
            DefaultAction = ListenerAction.FixedResponse(404, new FixedResponseOptions
            {
                ContentType = "text/plain",
                MessageBody = "Unknown host or path: use send., query., ingest. or lists. of the EmailList domain.",
            }),
        });

        var sendHost = $"{SendApiHostPrefix}.{props.DomainName}";
        var queryHost = $"{QueryApiHostPrefix}.{props.DomainName}";
        var ingestHost = $"{IngesterHostPrefix}.{props.DomainName}";
        var listsHost = $"{ListsHostPrefix}.{props.DomainName}";
        var shared = new Dictionary<string, string>
        {
            ["ASPNETCORE_HTTP_PORTS"] = ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Storage__Provider"] = "DynamoDb",
            ["DynamoDb__Region"] = Region,
            ["DynamoDb__TablePrefix"] = props.TablePrefix,
            ["Sts__Region"] = Region,
            ["Sts__PlatformAccountId"] = Account,
        };
        var auth = new Dictionary<string, string>
        {
            ["Auth__Issuer"] = props.AuthIssuer,
            ["Auth__Authority"] = props.AuthAuthority ?? props.AuthIssuer,
            ["Auth__Audience"] = props.AuthAudience,
        };
        var sharedSecrets = new Dictionary<string, Amazon.CDK.AWS.ECS.Secret>
        {
            ["ConnectionStrings__redis"] = Amazon.CDK.AWS.ECS.Secret.FromSecretsManager(redisConnection),
            ["CredentialEncryption__Key"] = Amazon.CDK.AWS.ECS.Secret.FromSecretsManager(Secrets.CredentialEncryptionKey),
        };
        var hosting = new ServiceHosting(cluster, listener, redis.SecurityGroup, props);

        // The send API serves the lists' public pages and the dispatcher writes their links into mails: both sign and
        // read the same tokens and know the same public base URL.
        var lists = new Dictionary<string, string> { ["Lists__PublicBaseUrl"] = $"https://{listsHost}" };
        var sendEnvironment = Merge(Merge(shared, auth), lists);
        // The load balancer appends the client's address to X-Forwarded-For: sign-ups are limited per that address, not per balancer.
        sendEnvironment["Lists__SignUp__TrustedProxyHops"] = "1";
        var listSecrets = new Dictionary<string, Amazon.CDK.AWS.ECS.Secret>
        {
            ["Lists__TokenKey"] = Amazon.CDK.AWS.ECS.Secret.FromSecretsManager(Secrets.ListTokenKey),
        };

        SendApi = hosting.Add(this, "SendApi", props.SendApiImage, sendHost, 10,
            sendEnvironment, Merge(sharedSecrets, listSecrets));
        PublicRoutes = new PublicListRoutes(this, "PublicListRoutes", listener, hosting.TargetsOf("SendApi"), loadBalancer.LoadBalancerArn, listsHost, 5);
        Tables.Tenants.GrantReadWriteData(SendApi.TaskRole);
        Tables.Suppression.GrantReadWriteData(SendApi.TaskRole);
        Tables.Templates.GrantReadWriteData(SendApi.TaskRole);
        // Scheduled sends are stored, read, rescheduled and cancelled by the send API.
        Tables.ScheduledMail.GrantReadWriteData(SendApi.TaskRole);
        // Email lists: the tenant's list and contact API and the public sign-up, confirm and unsubscribe endpoints.
        Tables.Lists.GrantReadWriteData(SendApi.TaskRole);
        Tables.Contacts.GrantReadWriteData(SendApi.TaskRole);
        // Broadcasts: drafts and their status changes.
        Tables.Broadcasts.GrantReadWriteData(SendApi.TaskRole);
        // CSV imports: uploaded in chunks, then claimed and worked through by any send API instance.
        Tables.Imports.GrantReadWriteData(SendApi.TaskRole);
        SendApi.AddToTaskRolePolicy(AssumeRolesOutsideThisAccount());

        EventIngester = hosting.Add(this, "EventIngester", props.EventIngesterImage, ingestHost, 20,
            shared, Merge(sharedSecrets, new Dictionary<string, Amazon.CDK.AWS.ECS.Secret>
            {
                ["Ingester__SharedSecret"] = Amazon.CDK.AWS.ECS.Secret.FromSecretsManager(Secrets.IngestKey),
            }));
        // Contacts: a complaint or an SES unsubscribe ends the contact's subscription.
        foreach (var table in new[] { Tables.Tenants, Tables.Suppression, Tables.Events, Tables.Messages, Tables.Contacts })
        {
            table.GrantReadWriteData(EventIngester.TaskRole);
        }

        // The dispatcher sends scheduled mail: it reads tenants and suppression entries, claims and completes scheduled
        // mail, walks lists' subscribers for broadcasts (and records their progress), and assumes tenants' roles to send.
        // It writes no tenant or suppression data.
        Dispatcher = hosting.AddWorker(this, "Dispatcher", props.DispatcherImage, Merge(shared, lists), Merge(sharedSecrets, listSecrets));
        Tables.Tenants.GrantReadData(Dispatcher.TaskRole);
        Tables.Suppression.GrantReadData(Dispatcher.TaskRole);
        Tables.ScheduledMail.GrantReadWriteData(Dispatcher.TaskRole);
        Tables.Lists.GrantReadWriteData(Dispatcher.TaskRole);
        Tables.Contacts.GrantReadWriteData(Dispatcher.TaskRole);
        // Broadcasts: started, expanded, counted and paused by the expander, whose guard reads the tenant's event counts.
        Tables.Broadcasts.GrantReadWriteData(Dispatcher.TaskRole);
        Tables.Events.GrantReadData(Dispatcher.TaskRole);
        Dispatcher.AddToTaskRolePolicy(AssumeRolesOutsideThisAccount());

        var queryEnvironment = Merge(shared, auth);
        queryEnvironment["Onboarding__PlatformAccountId"] = Account;
        queryEnvironment["Onboarding__EventBusName"] = props.EventBusName;
        queryEnvironment["Onboarding__EventBusRegion"] = Region;
        queryEnvironment["EventBridge__Region"] = Region;
        if (props.OnboardingTemplateUrl is { } templateUrl)
        {
            queryEnvironment["Onboarding__TemplateUrl"] = templateUrl;
        }

        QueryApi = hosting.Add(this, "QueryApi", props.QueryApiImage, queryHost, 30,
            queryEnvironment, Merge(sharedSecrets, new Dictionary<string, Amazon.CDK.AWS.ECS.Secret>
            {
                ["Query__CursorKey"] = Amazon.CDK.AWS.ECS.Secret.FromSecretsManager(Secrets.CursorKey),
            }));
        foreach (var table in new[] { Tables.Tenants, Tables.Suppression, Tables.Events, Tables.Messages })
        {
            table.GrantReadWriteData(QueryApi.TaskRole);
        }

        QueryApi.AddToTaskRolePolicy(AssumeRolesOutsideThisAccount());
        QueryApi.AddToTaskRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "TenantAccountsMayPutEventsOnThePlatformBus",
            Actions = ["events:PutPermission", "events:RemovePermission"],
            Resources = [EventBus.EventBusArn],
        }));

        ForwardSesEventsToIngester($"https://{ingestHost}{IngesterPath}");

        new CfnOutput(this, "LoadBalancerDnsName", new CfnOutputProps
        {
            Value = loadBalancer.LoadBalancerDnsName,
            Description = $"Point {sendHost}, {queryHost}, {ingestHost} and {listsHost} here (CNAME or alias).",
        });
        new CfnOutput(this, "EventBusArn", new CfnOutputProps
        {
            Value = EventBus.EventBusArn,
            Description = "PlatformEventBusArn of the customer onboarding template.",
        });
    }

    public PlatformTables Tables { get; }

    public PlatformSecrets Secrets { get; }

    public EventBus EventBus { get; }

    public FargateTaskDefinition SendApi { get; }

    public FargateTaskDefinition EventIngester { get; }

    public FargateTaskDefinition QueryApi { get; }

    public FargateTaskDefinition Dispatcher { get; }

    public PublicListRoutes PublicRoutes { get; }

    /// <summary>Tenants' roles live in their accounts; a role in this account is never a tenant's.</summary>
    private PolicyStatement AssumeRolesOutsideThisAccount() => new(new PolicyStatementProps
    {
        Sid = "AssumeTenantRolesOutsideThePlatformAccount",
        Actions = ["sts:AssumeRole"],
        Resources = [$"arn:{Partition}:iam::*:role/*"],
        Conditions = new Dictionary<string, object>
        {
            ["StringNotEquals"] = new Dictionary<string, object> { ["aws:ResourceAccount"] = Account },
        },
    });

    private void ForwardSesEventsToIngester(string endpoint)
    {
        var connection = new Connection(this, "IngesterConnection", new ConnectionProps
        {
            Description = "Sends the ingest key the event ingester checks.",
            Authorization = Authorization.ApiKey(IngestKeyHeader, Secrets.IngestKey.SecretValue),
        });
        var destination = new ApiDestination(this, "IngesterDestination", new ApiDestinationProps
        {
            Connection = connection,
            Endpoint = endpoint,
            HttpMethod = Amazon.CDK.AWS.Events.HttpMethod.POST,
            RateLimitPerSecond = 300,
        });
        var deadLetters = new Queue(this, "UndeliveredSesEvents", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
        });
        new Rule(this, "SesEventsToIngester", new RuleProps
        {
            EventBus = EventBus,
            Description = "Every SES event tenants' accounts forward goes to the ingester's POST /ses-events.",
            EventPattern = new EventPattern { Source = ["aws.ses"] },
            Targets =
            [
                new EventTargets.ApiDestination(destination, new EventTargets.ApiDestinationProps
                {
                    DeadLetterQueue = deadLetters,
                    RetryAttempts = 185,
                    MaxEventAge = Duration.Hours(24),
                }),
            ],
        });
    }

    private static Dictionary<string, T> Merge<T>(Dictionary<string, T> first, Dictionary<string, T> second)
    {
        var merged = new Dictionary<string, T>(first, StringComparer.Ordinal);
        foreach (var (key, value) in second)
        {
            merged[key] = value;
        }

        return merged;
    }
}
