using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace EmailList.Deploy;

/// <summary>
/// The event path: tenants' forwarder roles put their SES events on the platform bus (one static policy statement
/// for every tenant), a rule hands them to an SQS queue in this account that the ingester polls in batches, an
/// archive keeps them for replay. Nothing is lost while the ingester is down: the queue holds events for 14 days,
/// and whatever EventBridge cannot deliver to the queue lands in the rule's own dead-letter queue.
/// </summary>
public sealed class PlatformEvents : Construct
{
    /// <summary>Receives before a message moves to the dead-letter queue: a poison event, not an ingester outage.</summary>
    public const int MaxReceiveCount = 5;

    public const int QueueRetentionDays = 14;

    public const int ArchiveRetentionDays = 30;

    /// <summary>The rule's retry policy towards the queue (EventBridge's maximum: 185 attempts over 24 hours).</summary>
    public const int RuleRetryAttempts = 185;

    public const int RuleMaxEventAgeHours = 24;

    /// <summary>Longer than the ingester takes to store a batch, so a message is not received twice while in work.</summary>
    public const int VisibilityTimeoutSeconds = 120;

    public PlatformEvents(Construct scope, string id, string eventBusName)
        : base(scope, id)
    {
        Bus = new EventBus(this, "Bus", new EventBusProps { EventBusName = eventBusName });
        var partition = Stack.Of(this).Partition;

        // One statement for every tenant (see docs/deploy.md, "The event path"): any role under /emaillist/ may put
        // events whose source is aws.ses. aws.* sources are AWS services' own (a caller's PutEvents may not claim them),
        // so what arrives is genuine SES events forwarded by a rule in the sender's account.
        BusPolicy = new CfnEventBusPolicy(this, "TenantForwarders", new CfnEventBusPolicyProps
        {
            EventBusName = Bus.EventBusName,
            StatementId = "TenantForwarderRolesPutSesEvents",
            // CloudFormation sets the statement's Sid from StatementId.
            Statement = new Dictionary<string, object>
            {
                ["Effect"] = "Allow",
                ["Principal"] = "*",
                ["Action"] = "events:PutEvents",
                ["Resource"] = Bus.EventBusArn,
                ["Condition"] = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["events:source"] = SesSource },
                    ["ArnLike"] = new Dictionary<string, object>
                    {
                        ["aws:PrincipalArn"] = $"arn:{partition}:iam::*:role{CustomerOnboardingStack.RolePath}*",
                    },
                },
            },
        });

        Archive = Bus.Archive("Archive", new BaseArchiveProps
        {
            Description = "Every SES event on the platform bus, for replay after an ingester bug (the ingester stores each event once).",
            EventPattern = new EventPattern { Source = SesSource },
            Retention = Duration.Days(ArchiveRetentionDays),
        });

        DeadLetters = new Queue(this, "UnprocessableSesEvents", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(QueueRetentionDays),
        });
        Queue = new Queue(this, "SesEvents", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(QueueRetentionDays),
            VisibilityTimeout = Duration.Seconds(VisibilityTimeoutSeconds),
            // Long polling by default: an idle ingester makes one request per 20 s, not a stream of empty ones.
            ReceiveMessageWaitTime = Duration.Seconds(20),
            DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetters, MaxReceiveCount = MaxReceiveCount },
        });

        UndeliveredEvents = new Queue(this, "UndeliveredSesEvents", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(QueueRetentionDays),
        });

        Rule = new Rule(this, "SesEventsToQueue", new RuleProps
        {
            EventBus = Bus,
            Description = "Every SES event tenants' accounts forward goes to the ingester's queue.",
            EventPattern = new EventPattern { Source = SesSource },
        });
        // The target by hand rather than through CDK's SqsQueue target, whose queue policy also grants
        // GetQueueAttributes and GetQueueUrl: EventBridge needs SendMessage, for this rule only.
        ((Amazon.CDK.AWS.Events.CfnRule)Rule.Node.DefaultChild!).AddPropertyOverride("Targets", new object[]
        {
            new Dictionary<string, object>
            {
                ["Id"] = "ingester-queue",
                ["Arn"] = Queue.QueueArn,
                ["RetryPolicy"] = new Dictionary<string, object>
                {
                    ["MaximumRetryAttempts"] = RuleRetryAttempts,
                    ["MaximumEventAgeInSeconds"] = RuleMaxEventAgeHours * 3600,
                },
                ["DeadLetterConfig"] = new Dictionary<string, object> { ["Arn"] = UndeliveredEvents.QueueArn },
            },
        });
        foreach (var (queue, sid) in new[] { (Queue, "PlatformRuleSendsSesEvents"), (UndeliveredEvents, "PlatformRuleSendsUndeliveredSesEvents") })
        {
            queue.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = sid,
                Principals = [new ServicePrincipal("events.amazonaws.com")],
                Actions = ["sqs:SendMessage"],
                Resources = [queue.QueueArn],
                Conditions = new Dictionary<string, object>
                {
                    ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = Rule.RuleArn },
                },
            }));
        }
    }

    public EventBus Bus { get; }

    public CfnEventBusPolicy BusPolicy { get; }

    public Archive Archive { get; }

    /// <summary>The queue the ingester polls.</summary>
    public Queue Queue { get; }

    /// <summary>Messages the ingester received <see cref="MaxReceiveCount"/> times without deleting.</summary>
    public Queue DeadLetters { get; }

    /// <summary>Events EventBridge could not put on <see cref="Queue"/> within its retry policy.</summary>
    public Queue UndeliveredEvents { get; }

    public Rule Rule { get; }

    /// <summary>Receiving, deleting and extending messages of the ingester's queue, nothing else.</summary>
    public void GrantConsume(IGrantable ingester)
    {
        ArgumentNullException.ThrowIfNull(ingester);
        ingester.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "PollSesEvents",
            Actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
            Resources = [Queue.QueueArn],
        }));
    }

    private static readonly string[] SesSource = ["aws.ses"];
}
