using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace EmailList.Deploy;

/// <summary>
/// The alarms an operator must hear about, all on one SNS topic: events that could not be ingested or delivered,
/// an ingester falling behind, the load balancer's 5xx and unhealthy targets, DynamoDB throttling, Redis CPU and memory.
/// </summary>
public sealed class PlatformAlarms : Construct
{
    /// <summary>The ingester is behind (or down) when the oldest queued event is older than this.</summary>
    public const int OldestEventAlarmMinutes = 15;

    public const int RedisPercentAlarm = 80;

    public PlatformAlarms(Construct scope, string id, string? alarmEmail)
        : base(scope, id)
    {
        Topic = new Topic(this, "Topic", new TopicProps { DisplayName = "EmailList alarms" });
        if (alarmEmail is not null)
        {
            Topic.AddSubscription(new EmailSubscription(alarmEmail));
        }
    }

    public Topic Topic { get; }

    /// <summary>The event path: both dead-letter queues, the rule's failed invocations, the age of the oldest queued event.</summary>
    public void WatchEvents(PlatformEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        Add("UnprocessableSesEvents", "SES events the ingester received 5 times without storing them (poison messages): read them, fix, redrive.",
            events.DeadLetters.MetricApproximateNumberOfMessagesVisible(Period(1)), 0, 1);
        Add("UndeliveredSesEvents", "SES events EventBridge could not put on the ingester's queue within 24 hours: redrive them to the queue.",
            events.UndeliveredEvents.MetricApproximateNumberOfMessagesVisible(Period(1)), 0, 1);
        Add("RuleFailedInvocations", "The platform rule failed to deliver SES events to the ingester's queue (they are retried, then dead-lettered).",
            new Metric(new MetricProps
            {
                Namespace = "AWS/Events",
                MetricName = "FailedInvocations",
                DimensionsMap = new Dictionary<string, string> { ["EventBusName"] = events.Bus.EventBusName, ["RuleName"] = events.Rule.RuleName },
                Statistic = "Sum",
                Period = Duration.Minutes(5),
            }), 0, 1);
        Add("IngesterBehind", $"The oldest queued SES event is older than {OldestEventAlarmMinutes} minutes: the ingester is down or too slow (nothing is lost for 14 days).",
            events.Queue.MetricApproximateAgeOfOldestMessage(Period(1)), OldestEventAlarmMinutes * 60, 3);
    }

    /// <summary>5xx answered by the load balancer itself (no healthy target) and by the services.</summary>
    public void WatchLoadBalancer(ApplicationLoadBalancer loadBalancer)
    {
        ArgumentNullException.ThrowIfNull(loadBalancer);
        Add("LoadBalancer5xx", "The load balancer answered 5xx itself (no healthy target, or a target failed to answer).",
            loadBalancer.Metrics.HttpCodeElb(HttpCodeElb.ELB_5XX_COUNT, Sum(5)), 10, 1);
        Add("Targets5xx", "The services answered many 5xx.",
            loadBalancer.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, Sum(5)), 50, 1);
    }

    public void WatchTargets(string name, ApplicationTargetGroup targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Add($"{name}UnhealthyHosts", $"{name}: a task fails its /health check.",
            targets.Metrics.UnhealthyHostCount(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }), 0, 3);
    }

    public void WatchTables(IEnumerable<TableAccess> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var (access, index) in tables.Select((t, i) => (t, i)))
        {
            var table = access.Table;
            var throttles = new MathExpression(new MathExpressionProps
            {
                Expression = "reads + writes",
                UsingMetrics = new Dictionary<string, IMetric>
                {
                    ["reads"] = table.Metric("ReadThrottleEvents", new MetricOptions { Statistic = "Sum", Period = Duration.Minutes(5) }),
                    ["writes"] = table.Metric("WriteThrottleEvents", new MetricOptions { Statistic = "Sum", Period = Duration.Minutes(5) }),
                },
                Period = Duration.Minutes(5),
            });
            Add($"Table{index}Throttles", "DynamoDB throttled requests on a table (on-demand tables throttle on sudden peaks or hot keys).",
                throttles, 0, 1, table.Node.Id);
        }
    }

    /// <summary>Engine CPU and memory of each Redis node (ElastiCache reports per node: the group's id and -001, -002).</summary>
    public void WatchRedis(PlatformRedis redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        for (var n = 0; n < redis.NodeIds.Count; n++)
        {
            var node = redis.NodeIds[n];
            foreach (var (metric, what) in new[] { ("EngineCPUUtilization", "Cpu"), ("DatabaseMemoryUsagePercentage", "Memory") })
            {
                Add($"Redis{what}{n}", $"Redis {what.ToLowerInvariant()} above {RedisPercentAlarm} %: scale the node type.",
                    new Metric(new MetricProps
                    {
                        Namespace = "AWS/ElastiCache",
                        MetricName = metric,
                        DimensionsMap = new Dictionary<string, string> { ["CacheClusterId"] = node },
                        Statistic = "Average",
                        Period = Duration.Minutes(5),
                    }), RedisPercentAlarm, 3);
            }
        }
    }

    private static MetricOptions Period(int minutes) => new() { Period = Duration.Minutes(minutes), Statistic = "Maximum" };

    private static MetricOptions Sum(int minutes) => new() { Period = Duration.Minutes(minutes), Statistic = "Sum" };

    private void Add(string id, string description, IMetric metric, double threshold, int periods, string? subject = null)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            AlarmDescription = subject is null ? description : $"{subject}: {description}",
            Metric = metric,
            Threshold = threshold,
            EvaluationPeriods = periods,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(new SnsAction(Topic));
        alarm.AddOkAction(new SnsAction(Topic));
    }
}
