using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace EmailList.Deploy;

/// <summary>
/// The platform in one account: DynamoDB tables, the event path (bus, queue, archive) that brings tenants' SES events
/// to the ingester, the send and query APIs on Fargate behind one HTTPS load balancer (host routing) with a web ACL,
/// the ingester and the dispatcher as workers, Redis, secrets, alarms, the customer templates' bucket, and one
/// least-privilege task role per service.
/// </summary>
public sealed class PlatformStack : Stack
{
    public const string SendApiHostPrefix = "send";
    public const string QueryApiHostPrefix = "query";

    /// <summary>The host of the email lists' public routes (sign-up, confirm, unsubscribe), the base of the links in mails.</summary>
    public const string ListsHostPrefix = "lists";

    public const int AccessLogRetentionDays = 90;

    public const string AccessLogPrefix = "alb";
    public const string HealthPath = "/health";
    public const int ContainerPort = 8080;

    public PlatformStack(Construct scope, string id, PlatformStackProps props)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(props);
        Tables = new PlatformTables(this, "Tables", props.TablePrefix);
        Secrets = new PlatformSecrets(this, "Secrets");
        Events = new PlatformEvents(this, "Events", props.EventBusName);
        Alarms = new PlatformAlarms(this, "Alarms", props.AlarmEmail);
        Templates = new TemplatePublishing(this, "Templates");

        var vpc = new PlatformNetwork(this, "Network", props.NatGateways, props.InterfaceEndpoints).Vpc;
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
            DeletionProtection = true,
        });
        LogAccess(loadBalancer);
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
                MessageBody = "Unknown host or path: use send., query. or lists. of the EmailList domain.",
            }),
        });

        var sendHost = $"{SendApiHostPrefix}.{props.DomainName}";
        var queryHost = $"{QueryApiHostPrefix}.{props.DomainName}";
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
        PublicRoutes = new PublicListRoutes(this, "PublicListRoutes", listener, hosting.TargetsOf("SendApi"), listsHost, 5);
        // Sends read tenants (never change them) and suppression entries, and record suppressions the API is given.
        Tables.Tenants.GrantRead(SendApi.TaskRole);
        Tables.Suppression.GrantReadWrite(SendApi.TaskRole);
        Tables.Templates.GrantReadWrite(SendApi.TaskRole);
        // Scheduled sends are stored, read, rescheduled and cancelled by the send API.
        Tables.ScheduledMail.GrantReadWrite(SendApi.TaskRole);
        // Email lists: the tenant's list and contact API and the public sign-up, confirm and unsubscribe endpoints.
        Tables.Lists.GrantReadWrite(SendApi.TaskRole);
        Tables.Contacts.GrantReadWrite(SendApi.TaskRole);
        // Broadcasts: drafts and their status changes.
        Tables.Broadcasts.GrantReadWrite(SendApi.TaskRole);
        // CSV imports: uploaded in chunks, then claimed and worked through by any send API instance.
        Tables.Imports.GrantReadWrite(SendApi.TaskRole);
        // List events (contact.subscribed/confirmed/unsubscribed) queue webhook deliveries for the tenant's webhooks.
        Tables.Webhooks.GrantRead(SendApi.TaskRole);
        Tables.WebhookDeliveries.GrantReadWrite(SendApi.TaskRole);
        SendApi.AddToTaskRolePolicy(AssumeTenantRoles());

        // The ingester has no route: it polls the queue. Its HTTP intake (POST /ses-events) stays in the code as an
        // alternative for one-machine setups and is not exposed here; its shared secret still satisfies its options.
        EventIngester = hosting.AddQueueWorker(this, "EventIngester", props.EventIngesterImage,
            Merge(shared, new Dictionary<string, string>
            {
                ["Ingester__Queue__QueueUrl"] = Events.Queue.QueueUrl,
                ["Ingester__Queue__Region"] = Region,
            }),
            Merge(sharedSecrets, new Dictionary<string, Amazon.CDK.AWS.ECS.Secret>
            {
                ["Ingester__SharedSecret"] = Amazon.CDK.AWS.ECS.Secret.FromSecretsManager(Secrets.IngestKey),
            }),
            Events.Queue);
        Events.GrantConsume(EventIngester.TaskRole);
        // Attributes events to tenants (reads), stores events and messages, suppresses bounced and complaining
        // addresses, and ends a contact's subscription on a complaint or an SES unsubscribe.
        Tables.Tenants.GrantRead(EventIngester.TaskRole);
        foreach (var table in new[] { Tables.Suppression, Tables.Events, Tables.Messages, Tables.Contacts })
        {
            table.GrantReadWrite(EventIngester.TaskRole);
        }

        // Each stored event's webhook outbox rows are written with it, for the tenant's webhooks it reads.
        Tables.Webhooks.GrantRead(EventIngester.TaskRole);
        Tables.WebhookDeliveries.GrantReadWrite(EventIngester.TaskRole);

        // The dispatcher sends scheduled mail: it reads tenants and suppression entries, claims and completes scheduled
        // mail, walks lists' subscribers for broadcasts (and records their progress), and assumes tenants' roles to send.
        // It writes no tenant or suppression data.
        Dispatcher = hosting.AddWorker(this, "Dispatcher", props.DispatcherImage, Merge(shared, lists), Merge(sharedSecrets, listSecrets));
        Tables.Tenants.GrantRead(Dispatcher.TaskRole);
        Tables.Suppression.GrantRead(Dispatcher.TaskRole);
        Tables.ScheduledMail.GrantReadWrite(Dispatcher.TaskRole);
        Tables.Lists.GrantReadWrite(Dispatcher.TaskRole);
        Tables.Contacts.GrantReadWrite(Dispatcher.TaskRole);
        // Broadcasts: started, expanded, counted and paused by the expander, whose guard reads the tenant's event counts.
        Tables.Broadcasts.GrantReadWrite(Dispatcher.TaskRole);
        Tables.Events.GrantRead(Dispatcher.TaskRole);
        // Webhook delivery: claims and records deliveries, and disables a webhook that answers 410 or fails for days.
        Tables.Webhooks.GrantReadWrite(Dispatcher.TaskRole);
        Tables.WebhookDeliveries.GrantReadWrite(Dispatcher.TaskRole);
        Dispatcher.AddToTaskRolePolicy(AssumeTenantRoles());

        var queryEnvironment = Merge(shared, auth);
        queryEnvironment["Onboarding__PlatformAccountId"] = Account;
        queryEnvironment["Onboarding__EventBusName"] = props.EventBusName;
        queryEnvironment["Onboarding__EventBusRegion"] = Region;
        // The task role may assume only roles under /emaillist/ (AssumeTenantRoles): refuse others with the fix, before STS does.
        queryEnvironment["Onboarding__RolePath"] = "/emaillist/";
        queryEnvironment["EventBridge__Region"] = Region;
        if (props.OnboardingTemplateUrl is { } templateUrl)
        {
            queryEnvironment["Onboarding__TemplateUrl"] = templateUrl;
        }

        // The bucket is private: quick-create links carry a presigned GET of the published template, signed per request.
        if (props.OnboardingTemplateKey is { } templateKey)
        {
            queryEnvironment["Onboarding__TemplateBucket"] = Templates.Bucket.BucketName;
            queryEnvironment["Onboarding__TemplateKey"] = templateKey;
            queryEnvironment["Onboarding__TemplateBucketRegion"] = Region;
        }

        QueryApi = hosting.Add(this, "QueryApi", props.QueryApiImage, queryHost, 30,
            queryEnvironment, Merge(sharedSecrets, new Dictionary<string, Amazon.CDK.AWS.ECS.Secret>
            {
                ["Query__CursorKey"] = Amazon.CDK.AWS.ECS.Secret.FromSecretsManager(Secrets.CursorKey),
            }));
        // Onboarding writes tenants; the suppression API reads and changes entries; events and messages are only read.
        Tables.Tenants.GrantReadWrite(QueryApi.TaskRole);
        Tables.Suppression.GrantReadWrite(QueryApi.TaskRole);
        Tables.Events.GrantRead(QueryApi.TaskRole);
        Tables.Messages.GrantRead(QueryApi.TaskRole);
        // /webhooks: the tenant's endpoints, their delivery log, retries and test deliveries.
        Tables.Webhooks.GrantReadWrite(QueryApi.TaskRole);
        Tables.WebhookDeliveries.GrantReadWrite(QueryApi.TaskRole);
        // No events:PutPermission: the bus policy is one static statement for every tenant (PlatformEvents).
        QueryApi.AddToTaskRolePolicy(AssumeTenantRoles());
        if (props.OnboardingTemplateKey is { } publishedKey)
        {
            // A presigned URL works only as far as its signer may: this one object, nothing else in the bucket.
            QueryApi.AddToTaskRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "PresignPublishedTemplate",
                Actions = ["s3:GetObject"],
                Resources = [Templates.Bucket.ArnForObjects(publishedKey)],
            }));
        }

        WebAcl = new PlatformWebAcl(this, "WebAcl", loadBalancer.LoadBalancerArn, listsHost,
            new Dictionary<string, string> { ["SendApi"] = sendHost, ["QueryApi"] = queryHost }, props.ApiRequestsPerIpPer5Minutes);

        Alarms.WatchEvents(Events);
        Alarms.WatchLoadBalancer(loadBalancer);
        foreach (var service in new[] { "SendApi", "QueryApi" })
        {
            Alarms.WatchTargets(service, hosting.TargetsOf(service));
        }

        Alarms.WatchTables(Tables.All);
        Alarms.WatchRedis(redis);

        new CfnOutput(this, "LoadBalancerDnsName", new CfnOutputProps
        {
            Value = loadBalancer.LoadBalancerDnsName,
            Description = $"Point {sendHost}, {queryHost} and {listsHost} here (CNAME or alias).",
        });
        new CfnOutput(this, "EventBusArn", new CfnOutputProps
        {
            Value = Events.Bus.EventBusArn,
            Description = "PlatformEventBusArn of the customer onboarding template.",
        });
        new CfnOutput(this, "TemplatesBucket", new CfnOutputProps
        {
            Value = Templates.Bucket.BucketName,
            Description = $"Publish the customer template under {TemplatePublishing.Prefix} of this private bucket.",
        });
        new CfnOutput(this, "TemplatesDomain", new CfnOutputProps
        {
            Value = Templates.DomainName,
            Description = "CloudFront domain serving the published templates over HTTPS.",
        });
        new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps
        {
            Value = Alarms.Topic.TopicArn,
            Description = "Subscribe the on-call to this SNS topic.",
        });
    }

    public PlatformTables Tables { get; }

    public PlatformSecrets Secrets { get; }

    public PlatformEvents Events { get; }

    public PlatformAlarms Alarms { get; }

    public TemplatePublishing Templates { get; }

    public PlatformWebAcl WebAcl { get; }

    public FargateTaskDefinition SendApi { get; }

    public FargateTaskDefinition EventIngester { get; }

    public FargateTaskDefinition QueryApi { get; }

    public FargateTaskDefinition Dispatcher { get; }

    public PublicListRoutes PublicRoutes { get; }

    /// <summary>
    /// Tenants' roles live in their accounts, under the template's path; a role in this account is never a tenant's.
    /// </summary>
    private PolicyStatement AssumeTenantRoles() => new(new PolicyStatementProps
    {
        Sid = "AssumeTenantRolesOutsideThePlatformAccount",
        Actions = ["sts:AssumeRole"],
        Resources = [$"arn:{Partition}:iam::*:role{CustomerOnboardingStack.RolePath}*"],
        Conditions = new Dictionary<string, object>
        {
            ["StringNotEquals"] = new Dictionary<string, object> { ["aws:ResourceAccount"] = Account },
        },
    });

    /// <summary>Access logs in a private bucket the regional Elastic Load Balancing account may write to.</summary>
    private void LogAccess(ApplicationLoadBalancer loadBalancer)
    {
        var logs = new Bucket(this, "AccessLogs", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            // Load balancer access logs support SSE-S3 only.
            Encryption = BucketEncryption.S3_MANAGED,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(AccessLogRetentionDays) }],
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        // CDK 2.103's LogAccessLogs needs a literal region; this stack is region-agnostic, so the same grants by hand:
        // the regional Elastic Load Balancing account (a mapping by region) and, for regions opened since 2022, the
        // log delivery service principal.
        var objects = logs.ArnForObjects($"{AccessLogPrefix}/AWSLogs/{Account}/*");
        logs.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "RegionalLoadBalancingAccountWritesAccessLogs",
            Principals = [new AccountPrincipal(RegionalFact(Amazon.CDK.RegionInfo.FactName.ELBV2_ACCOUNT))],
            Actions = ["s3:PutObject"],
            Resources = [objects],
        }));
        logs.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "LogDeliveryWritesAccessLogs",
            Principals = [new ServicePrincipal("logdelivery.elasticloadbalancing.amazonaws.com")],
            Actions = ["s3:PutObject"],
            Resources = [objects],
        }));
        loadBalancer.SetAttribute("access_logs.s3.enabled", "true");
        loadBalancer.SetAttribute("access_logs.s3.bucket", logs.BucketName);
        loadBalancer.SetAttribute("access_logs.s3.prefix", AccessLogPrefix);
        // The load balancer checks that it may write when the attribute is set.
        loadBalancer.Node.AddDependency(logs.Policy!);
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
