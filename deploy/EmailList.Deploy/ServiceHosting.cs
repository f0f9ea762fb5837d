using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;
using HealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;
using Protocol = Amazon.CDK.AWS.ElasticLoadBalancingV2.Protocol;

namespace EmailList.Deploy;

/// <summary>Puts one service on Fargate behind the HTTPS listener, routed by host name, scaled on CPU and requests.</summary>
public sealed class ServiceHosting(Cluster cluster, ApplicationListener listener, SecurityGroup redis, PlatformStackProps props)
{
    private readonly Dictionary<string, ApplicationTargetGroup> _targets = new(StringComparer.Ordinal);

    /// <summary>The target group of a service added with <see cref="Add"/>, for a second route to it.</summary>
    public ApplicationTargetGroup TargetsOf(string name) => _targets[name];

    /// <summary>The service's task definition; its task role starts with no permissions.</summary>
    public FargateTaskDefinition Add(
        Construct scope,
        string name,
        string image,
        string host,
        int priority,
        IDictionary<string, string> environment,
        IDictionary<string, Amazon.CDK.AWS.ECS.Secret> secrets)
    {
        var (task, service) = AddService(scope, name, image, environment, secrets, routed: true);
        var targets = new ApplicationTargetGroup(scope, $"{name}Targets", new ApplicationTargetGroupProps
        {
            Vpc = cluster.Vpc,
            Port = PlatformStack.ContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            Targets = [service],
            DeregistrationDelay = Duration.Seconds(30),
            HealthCheck = new HealthCheck
            {
                Path = PlatformStack.HealthPath,
                Protocol = Protocol.HTTP,
                HealthyHttpCodes = "200",
                Interval = Duration.Seconds(15),
                HealthyThresholdCount = 2,
                UnhealthyThresholdCount = 3,
            },
        });
        _targets[name] = targets;
        listener.AddTargetGroups($"{name}Route", new AddApplicationTargetGroupsProps
        {
            Priority = priority,
            Conditions = [ListenerCondition.HostHeaders([host])],
            TargetGroups = [targets],
        });

        var scaling = service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = props.MinTasks, MaxCapacity = props.MaxTasks });
        scaling.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps { TargetUtilizationPercent = 60 });
        scaling.ScaleOnRequestCount("Requests", new RequestCountScalingProps { RequestsPerTarget = 500, TargetGroup = targets });
        return task;
    }

    /// <summary>
    /// A worker: no route from the load balancer (nothing outside calls it), at least <see cref="PlatformStackProps.MinTasks"/>
    /// tasks so one crashing leaves another claiming, scaled on CPU. Its throughput is bounded by the tenants' SES send
    /// rates, not by tasks, so there is no request or backlog metric to scale on.
    /// </summary>
    public FargateTaskDefinition AddWorker(
        Construct scope,
        string name,
        string image,
        IDictionary<string, string> environment,
        IDictionary<string, Amazon.CDK.AWS.ECS.Secret> secrets)
    {
        var (task, service) = AddService(scope, name, image, environment, secrets, routed: false);
        var scaling = service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = props.MinTasks, MaxCapacity = props.MaxTasks });
        scaling.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps { TargetUtilizationPercent = 60 });
        return task;
    }

    /// <summary>
    /// A worker that drains a queue: no route, scaled on CPU and on the queue's backlog per task, so an ingester that
    /// comes back after an outage gets help with the pile before it grows old.
    /// </summary>
    public FargateTaskDefinition AddQueueWorker(
        Construct scope,
        string name,
        string image,
        IDictionary<string, string> environment,
        IDictionary<string, Amazon.CDK.AWS.ECS.Secret> secrets,
        Amazon.CDK.AWS.SQS.IQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var (task, service) = AddService(scope, name, image, environment, secrets, routed: false);
        var scaling = service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = props.MinTasks, MaxCapacity = props.MaxTasks });
        scaling.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps { TargetUtilizationPercent = 60 });
        ScaleOnBacklogPerTask(scope, name, scaling, service, queue);
        return task;
    }

    /// <summary>
    /// The backlog each task may have (AWS's SQS scaling guidance: the latency one accepts times what a task handles per
    /// second, here about 10 s at 500 events/s, well under the ingester's measured rate).
    /// </summary>
    public const int BacklogPerTask = 5_000;

    /// <summary>
    /// Target tracking on messages waiting per running task (metric math over the queue and Container Insights), so the
    /// count follows the backlog both ways. Amazon.CDK.Lib 2.103 has no metric math for target tracking; CloudFormation has.
    /// </summary>
    private static void ScaleOnBacklogPerTask(Construct scope, string name, ScalableTaskCount scaling, FargateService service, Amazon.CDK.AWS.SQS.IQueue queue)
    {
        var target = (ScalableTarget)scaling.Node.FindChild("Target");
        var policy = new CfnScalingPolicy(scope, $"{name}BacklogPerTask", new CfnScalingPolicyProps
        {
            PolicyName = $"{name}BacklogPerTask",
            PolicyType = "TargetTrackingScaling",
            ScalingTargetId = target.ScalableTargetId,
            TargetTrackingScalingPolicyConfiguration = new CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty
            {
                TargetValue = BacklogPerTask,
                ScaleOutCooldown = 60,
                ScaleInCooldown = 300,
            },
        });
        policy.AddPropertyOverride("TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification", new Dictionary<string, object>
        {
            ["Metrics"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["Id"] = "visible",
                    ["ReturnData"] = false,
                    ["MetricStat"] = Stat("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum", new() { ["QueueName"] = queue.QueueName }),
                },
                new Dictionary<string, object>
                {
                    ["Id"] = "tasks",
                    ["ReturnData"] = false,
                    ["MetricStat"] = Stat("ECS/ContainerInsights", "RunningTaskCount", "Average",
                        new() { ["ClusterName"] = service.Cluster.ClusterName, ["ServiceName"] = service.ServiceName }),
                },
                new Dictionary<string, object>
                {
                    ["Id"] = "backlogPerTask",
                    ["Label"] = "Messages waiting per running task",
                    ["Expression"] = "visible / tasks",
                    ["ReturnData"] = true,
                },
            },
        });
    }

    private static Dictionary<string, object> Stat(string metricNamespace, string metricName, string statistic, Dictionary<string, string> dimensions) => new()
    {
        ["Metric"] = new Dictionary<string, object>
        {
            ["Namespace"] = metricNamespace,
            ["MetricName"] = metricName,
            ["Dimensions"] = dimensions.Select(d => new Dictionary<string, object> { ["Name"] = d.Key, ["Value"] = d.Value }).ToArray(),
        },
        ["Stat"] = statistic,
    };

    private (FargateTaskDefinition Task, FargateService Service) AddService(
        Construct scope,
        string name,
        string image,
        IDictionary<string, string> environment,
        IDictionary<string, Amazon.CDK.AWS.ECS.Secret> secrets,
        bool routed)
    {
        var task = new FargateTaskDefinition(scope, $"{name}Task", new FargateTaskDefinitionProps
        {
            Cpu = 512,
            MemoryLimitMiB = 1024,
            RuntimePlatform = new RuntimePlatform
            {
                CpuArchitecture = CpuArchitecture.X86_64,
                OperatingSystemFamily = OperatingSystemFamily.LINUX,
            },
        });
        task.AddContainer("app", new ContainerDefinitionOptions
        {
            Image = ContainerImage.FromRegistry(image),
            PortMappings = [new PortMapping { ContainerPort = PlatformStack.ContainerPort }],
            Environment = environment,
            Secrets = secrets,
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps { StreamPrefix = name, LogRetention = RetentionDays.ONE_MONTH }),
        });

        // The images are private ECR repositories of this account; the execution role (not the task role) pulls them.
        task.AddToExecutionRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ecr:GetAuthorizationToken"],
            Resources = ["*"],
        }));
        task.AddToExecutionRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
            Resources = [Stack.Of(scope).FormatArn(new ArnComponents { Service = "ecr", Resource = "repository", ResourceName = "*" })],
        }));

        var service = new FargateService(scope, $"{name}Service", new FargateServiceProps
        {
            Cluster = cluster,
            TaskDefinition = task,
            // No DesiredCount: autoscaling owns the task count (a deploy would otherwise reset it to a fixed number).
            // A deploy starts new tasks before stopping old ones, so capacity never drops during it.
            MinHealthyPercent = 100,
            MaxHealthyPercent = 200,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            AssignPublicIp = false,
            CircuitBreaker = new DeploymentCircuitBreaker { Rollback = true },
            // The grace period is for load balancer health checks; a worker has none (ECS refuses it without one).
            HealthCheckGracePeriod = routed ? Duration.Seconds(60) : null,
        });
        redis.Connections.AllowFrom(service, Port.Tcp(PlatformRedis.RedisPort), $"{name} to Redis");
        return (task, service);
    }
}
