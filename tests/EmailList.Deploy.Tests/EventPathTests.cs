using System.Text.Json.Nodes;

namespace EmailList.Deploy.Tests;

[Collection(PlatformTemplateGroup.Name)]
public sealed class EventPathTests(PlatformTemplateFixture fixture)
{
    private TemplateJson Json => fixture.Json;

    private string BusId => Json.OnlyOfType("AWS::Events::EventBus").Id;

    private string RuleId => Json.OnlyOfType("AWS::Events::Rule").Id;

    [Fact]
    public void The_bus_policy_is_one_statement_for_every_tenant_forwarder_role_putting_SES_events()
    {
        var (_, policy) = Json.OnlyOfType("AWS::Events::EventBusPolicy");
        Assert.Equal(BusId, (string?)policy["EventBusName"]!["Ref"]);
        var statement = policy["Statement"]!.AsObject();
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Equal("*", (string?)statement["Principal"]);
        Assert.Equal(["events:PutEvents"], TemplateJson.Actions(statement));
        Assert.Equal([$"${{{BusId}.Arn}}"], TemplateJson.ResourcesOf(statement));

        var condition = statement["Condition"]!.AsObject();
        Assert.Equal(["ArnLike", "StringEquals"], condition.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.True(TemplateJson.Same(condition["StringEquals"], JsonNode.Parse("""{"events:source":["aws.ses"]}""")));
        var principalArn = Assert.Single(condition["ArnLike"]!.AsObject());
        Assert.Equal("aws:PrincipalArn", principalArn.Key);
        Assert.Equal("arn:${AWS::Partition}:iam::*:role/emaillist/*", TemplateJson.Resolve(principalArn.Value));
        Assert.Equal(CustomerOnboardingStack.RolePath, "/emaillist/");
    }

    [Fact]
    public void No_service_may_change_the_bus_policy()
    {
        foreach (var service in new[] { "SendApi", "EventIngester", "QueryApi", "Dispatcher" })
        {
            Assert.DoesNotContain(fixture.TaskRoleStatements(service).SelectMany(TemplateJson.Actions), a => a.StartsWith("events:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void SES_events_on_the_bus_go_to_the_ingester_queue_retried_for_a_day_then_dead_lettered()
    {
        var (_, rule) = Json.OnlyOfType("AWS::Events::Rule");
        Assert.Equal(BusId, (string?)rule["EventBusName"]!["Ref"]);
        Assert.True(TemplateJson.Same(rule["EventPattern"], JsonNode.Parse("""{"source":["aws.ses"]}""")));
        var target = Assert.Single(rule["Targets"]!.AsArray())!;
        Assert.Equal($"${{{fixture.IngestQueueId}.Arn}}", TemplateJson.Resolve(target["Arn"]));
        Assert.True(TemplateJson.Same(target["RetryPolicy"], JsonNode.Parse("""{"MaximumRetryAttempts":185,"MaximumEventAgeInSeconds":86400}""")));
        var undelivered = TemplateJson.Resolve(target["DeadLetterConfig"]!["Arn"]);
        Assert.NotEqual($"${{{fixture.IngestQueueId}.Arn}}", undelivered);
        Assert.StartsWith("${EventsUndeliveredSesEvents", undelivered, StringComparison.Ordinal);

        Assert.Empty(Json.OfType("AWS::Events::ApiDestination"));
        Assert.Empty(Json.OfType("AWS::Events::Connection"));
    }

    [Fact]
    public void The_queue_keeps_events_14_days_encrypted_and_moves_a_message_received_5_times_to_its_dead_letter_queue()
    {
        var queue = Json.Resources[fixture.IngestQueueId]!["Properties"]!;
        Assert.Equal(14 * 24 * 3600, (int?)queue["MessageRetentionPeriod"]);
        Assert.True((bool?)queue["SqsManagedSseEnabled"]);
        Assert.Equal(5, (int?)queue["RedrivePolicy"]!["maxReceiveCount"]);
        var deadLetters = (string)queue["RedrivePolicy"]!["deadLetterTargetArn"]!["Fn::GetAtt"]![0]!;
        Assert.Equal(14 * 24 * 3600, (int?)Json.Resources[deadLetters]!["Properties"]!["MessageRetentionPeriod"]);
        Assert.All(Json.OfType("AWS::SQS::Queue"), q => Assert.True((bool?)q.Properties["SqsManagedSseEnabled"], q.Id));
    }

    [Fact]
    public void Only_EventBridge_acting_for_the_platform_rule_may_send_to_the_queues_and_only_over_TLS()
    {
        var policies = Json.OfType("AWS::SQS::QueuePolicy").ToList();
        Assert.Equal(3, policies.Count);
        foreach (var (id, policy) in policies)
        {
            var statements = policy["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();
            var deny = Assert.Single(statements, s => (string?)s["Effect"] == "Deny");
            Assert.Equal("false", (string?)deny["Condition"]!["Bool"]!["aws:SecureTransport"]);
            foreach (var allow in statements.Where(s => (string?)s["Effect"] == "Allow"))
            {
                Assert.True(TemplateJson.Same(allow["Principal"], new JsonObject { ["Service"] = "events.amazonaws.com" }), id);
                Assert.Equal(["sqs:SendMessage"], TemplateJson.Actions(allow));
                Assert.Equal($"${{{RuleId}.Arn}}", TemplateJson.Resolve(allow["Condition"]!["ArnEquals"]!["aws:SourceArn"]));
            }
        }

        // The ingester's queue and the rule's dead-letter queue accept the rule; the ingester's dead-letter queue nothing.
        Assert.Equal(2, policies.Count(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray().Any(s => (string?)s!["Effect"] == "Allow")));
    }

    [Fact]
    public void The_bus_archives_SES_events_30_days_for_replay()
    {
        var (_, archive) = Json.OnlyOfType("AWS::Events::Archive");
        Assert.Equal($"${{{BusId}.Arn}}", TemplateJson.Resolve(archive["SourceArn"]));
        Assert.Equal(30, (int?)archive["RetentionDays"]);
        Assert.True(TemplateJson.Same(archive["EventPattern"], JsonNode.Parse("""{"source":["aws.ses"]}""")));
    }

    [Fact]
    public void The_ingester_polls_the_queue_it_is_given_and_has_no_public_route()
    {
        var environment = fixture.Container("EventIngester")["Environment"]!.AsArray().ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]);
        Assert.Equal($"${{{fixture.IngestQueueId}}}", TemplateJson.Resolve(environment["Ingester__Queue__QueueUrl"]));
        Assert.Equal("${AWS::Region}", TemplateJson.Resolve(environment["Ingester__Queue__Region"]));

        var (_, service) = Json.OfType("AWS::ECS::Service").Single(s => s.Id.StartsWith("EventIngesterService", StringComparison.Ordinal));
        Assert.Null(service["LoadBalancers"]);
        Assert.DoesNotContain(Json.OfType("AWS::ElasticLoadBalancingV2::ListenerRule"),
            r => ((string?)r.Properties["Conditions"]![0]!["HostHeaderConfig"]!["Values"]![0])!.StartsWith("ingest.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_ingester_tracks_a_backlog_per_running_task_of_the_queue_and_CPU()
    {
        var policies = Json.OfType("AWS::ApplicationAutoScaling::ScalingPolicy")
            .Where(p => TemplateJson.Resolve(p.Properties["ScalingTargetId"]).StartsWith("${EventIngesterServiceTaskCountTarget", StringComparison.Ordinal))
            .Select(p => p.Properties["TargetTrackingScalingPolicyConfiguration"]!).ToList();
        Assert.Equal(2, policies.Count);
        Assert.Single(policies, p => (string?)p["PredefinedMetricSpecification"]?["PredefinedMetricType"] == "ECSServiceAverageCPUUtilization");

        var backlog = Assert.Single(policies, p => p["CustomizedMetricSpecification"] is not null);
        Assert.Equal(ServiceHosting.BacklogPerTask, (int)backlog["TargetValue"]!);
        var metrics = backlog["CustomizedMetricSpecification"]!["Metrics"]!.AsArray().ToDictionary(m => (string)m!["Id"]!, m => m!);
        Assert.Equal("visible / tasks", (string?)metrics["backlogPerTask"]["Expression"]);
        Assert.True((bool)metrics["backlogPerTask"]["ReturnData"]!);
        var visible = metrics["visible"]["MetricStat"]!["Metric"]!;
        Assert.Equal("ApproximateNumberOfMessagesVisible", (string?)visible["MetricName"]);
        Assert.Equal($"${{{fixture.IngestQueueId}.QueueName}}", TemplateJson.Resolve(visible["Dimensions"]![0]!["Value"]));
        var tasks = metrics["tasks"]["MetricStat"]!["Metric"]!;
        Assert.Equal("RunningTaskCount", (string?)tasks["MetricName"]);
        var ingester = Json.OfType("AWS::ECS::Service").Single(s => s.Id.StartsWith("EventIngesterService", StringComparison.Ordinal)).Id;
        Assert.Contains(tasks["Dimensions"]!.AsArray(), d => (string?)d!["Name"] == "ServiceName" && TemplateJson.Resolve(d["Value"]) == $"${{{ingester}.Name}}");
    }
}
