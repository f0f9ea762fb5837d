using System.Text.Json.Nodes;

namespace EmailList.Deploy.Tests;

[Collection(PlatformTemplateGroup.Name)]
public sealed class OperationsTests(PlatformTemplateFixture fixture)
{
    private TemplateJson Json => fixture.Json;

    private string TopicId => Json.OnlyOfType("AWS::SNS::Topic").Id;

    [Fact]
    public void Every_operator_alarm_notifies_the_alarm_topic()
    {
        var operatorAlarms = Alarms().Where(a => a.Properties["AlarmActions"]!.AsArray().Any(x => (string?)x!["Ref"] == TopicId)).ToList();
        // Autoscaling's own alarms act on scaling policies; every other alarm goes to the topic, and says when it clears.
        Assert.Equal(Alarms().Count(a => !a.Id.Contains("TaskCountTarget", StringComparison.Ordinal)), operatorAlarms.Count);
        Assert.All(operatorAlarms, a => Assert.Contains(a.Properties["OKActions"]!.AsArray(), x => (string?)x!["Ref"] == TopicId));
        Assert.All(operatorAlarms, a => Assert.False(string.IsNullOrEmpty((string?)a.Properties["AlarmDescription"])));
    }

    [Fact]
    public void Dead_letters_failed_invocations_and_an_ingester_falling_behind_raise_alarms()
    {
        var queueAlarms = OperatorAlarms().Where(a => (string?)a["Namespace"] == "AWS/SQS").ToList();
        var deadLetterQueues = Json.OfType("AWS::SQS::Queue").Where(q => q.Id != fixture.IngestQueueId).Select(q => $"${{{q.Id}.QueueName}}").Order(StringComparer.Ordinal);
        Assert.Equal(deadLetterQueues,
            queueAlarms.Where(a => (string?)a["MetricName"] == "ApproximateNumberOfMessagesVisible").Select(QueueName).Order(StringComparer.Ordinal));
        Assert.All(queueAlarms.Where(a => (string?)a["MetricName"] == "ApproximateNumberOfMessagesVisible"), a => Assert.Equal(0, (int)a["Threshold"]!));
        var behind = Assert.Single(queueAlarms, a => (string?)a["MetricName"] == "ApproximateAgeOfOldestMessage");
        Assert.Equal($"${{{fixture.IngestQueueId}.QueueName}}", QueueName(behind));

        var failed = Assert.Single(OperatorAlarms(), a => (string?)a["MetricName"] == "FailedInvocations");
        Assert.Equal("AWS/Events", (string?)failed["Namespace"]);
        Assert.Contains(failed["Dimensions"]!.AsArray(), d => (string?)d!["Name"] == "RuleName" && (string?)d["Value"]!["Ref"] == Json.OnlyOfType("AWS::Events::Rule").Id);
    }

    [Fact]
    public void Load_balancer_5xx_unhealthy_targets_DynamoDB_throttles_and_Redis_CPU_and_memory_raise_alarms()
    {
        var alarms = OperatorAlarms().ToList();
        Assert.Contains(alarms, a => (string?)a["MetricName"] == "HTTPCode_ELB_5XX_Count");
        Assert.Contains(alarms, a => (string?)a["MetricName"] == "HTTPCode_Target_5XX_Count");
        Assert.Equal(2, alarms.Count(a => (string?)a["MetricName"] == "UnHealthyHostCount"));

        var tables = Json.OfType("AWS::DynamoDB::Table").Select(t => t.Id).Order(StringComparer.Ordinal);
        var throttled = alarms.Where(a => a["Metrics"] is JsonArray metrics && metrics.Any(m => (string?)m!["MetricStat"]?["Metric"]?["MetricName"] == "WriteThrottleEvents"))
            .Select(a => (string)a["Metrics"]!.AsArray().First(m => m!["MetricStat"] is not null)!["MetricStat"]!["Metric"]!["Dimensions"]![0]!["Value"]!["Ref"]!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(tables, throttled);

        foreach (var metric in new[] { "EngineCPUUtilization", "DatabaseMemoryUsagePercentage" })
        {
            var nodes = alarms.Where(a => (string?)a["MetricName"] == metric).Select(a => TemplateJson.Resolve(a["Dimensions"]![0]!["Value"])).Order(StringComparer.Ordinal);
            var group = Json.OnlyOfType("AWS::ElastiCache::ReplicationGroup").Id;
            Assert.Equal([$"${{{group}}}-001", $"${{{group}}}-002"], nodes);
        }
    }

    [Fact]
    public void The_load_balancer_is_deletion_protected_and_logs_to_a_private_TLS_only_bucket()
    {
        var (_, loadBalancer) = Json.OnlyOfType("AWS::ElasticLoadBalancingV2::LoadBalancer");
        var attributes = loadBalancer["LoadBalancerAttributes"]!.AsArray().ToDictionary(a => (string)a!["Key"]!, a => a!["Value"]);
        Assert.Equal("true", (string?)attributes["deletion_protection.enabled"]);
        Assert.Equal("true", (string?)attributes["access_logs.s3.enabled"]);
        var bucketId = (string)attributes["access_logs.s3.bucket"]!["Ref"]!;
        AssertPrivateAndTlsOnly(bucketId);

        var policy = BucketPolicy(bucketId);
        var writers = policy.Where(s => (string?)s["Effect"] == "Allow").ToList();
        Assert.All(writers, w => Assert.Equal(["s3:PutObject"], TemplateJson.Actions(w)));
        Assert.All(writers, w => Assert.Equal([$"${{{bucketId}.Arn}}/alb/AWSLogs/${{AWS::AccountId}}/*"], TemplateJson.ResourcesOf(w)));
    }

    [Fact]
    public void The_customer_template_is_published_from_a_private_bucket_that_only_the_CloudFront_distribution_reads()
    {
        var (distributionId, distribution) = Json.OnlyOfType("AWS::CloudFront::Distribution");
        var origin = Assert.Single(distribution["DistributionConfig"]!["Origins"]!.AsArray())!;
        Assert.Equal(Json.OnlyOfType("AWS::CloudFront::OriginAccessControl").Id, (string?)origin["OriginAccessControlId"]!["Fn::GetAtt"]![0]);
        Assert.Equal("https-only", (string?)distribution["DistributionConfig"]!["DefaultCacheBehavior"]!["ViewerProtocolPolicy"]);
        var bucketId = (string)origin["DomainName"]!["Fn::GetAtt"]![0]!;
        AssertPrivateAndTlsOnly(bucketId);

        var reader = Assert.Single(BucketPolicy(bucketId), s => (string?)s["Effect"] == "Allow");
        Assert.True(TemplateJson.Same(reader["Principal"], new JsonObject { ["Service"] = "cloudfront.amazonaws.com" }));
        Assert.Equal(["s3:GetObject"], TemplateJson.Actions(reader));
        Assert.Equal([$"${{{bucketId}.Arn}}/customer-onboarding/*"], TemplateJson.ResourcesOf(reader));
        Assert.Equal($"arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{distributionId}.Id}}",
            TemplateJson.Resolve(reader["Condition"]!["StringEquals"]!["AWS:SourceArn"]));
    }

    [Fact]
    public void Cdk_deploy_of_this_app_can_only_deploy_the_platform()
    {
        var stacks = fixture.App.Node.Children.OfType<Amazon.CDK.Stack>().Select(s => s.StackName);
        Assert.Equal([PlatformApp.StackId], stacks);
        Assert.Empty(Json.OfType("AWS::SES::ConfigurationSet"));
    }

    [Fact]
    public void Each_zone_has_its_own_NAT_gateway_and_AWS_APIs_are_reached_through_VPC_endpoints()
    {
        Assert.Equal(2, Json.OfType("AWS::EC2::NatGateway").Count());
        var endpoints = Json.OfType("AWS::EC2::VPCEndpoint")
            .ToDictionary(e => TemplateJson.Resolve(e.Properties["ServiceName"]).Split('.')[^1], e => (string)e.Properties["VpcEndpointType"]!);
        Assert.Equal("Gateway", endpoints["dynamodb"]);
        Assert.Equal("Gateway", endpoints["s3"]);
        foreach (var service in new[] { "sqs", "secretsmanager", "logs", "sts", "dkr", "api" })
        {
            Assert.Equal("Interface", endpoints[service]);
        }
    }

    private IEnumerable<(string Id, JsonObject Properties)> Alarms() => Json.OfType("AWS::CloudWatch::Alarm");

    private IEnumerable<JsonObject> OperatorAlarms() =>
        Alarms().Where(a => a.Properties["AlarmActions"]!.AsArray().Any(x => (string?)x!["Ref"] == TopicId)).Select(a => a.Properties);

    private static string QueueName(JsonObject alarm) =>
        TemplateJson.Resolve(alarm["Dimensions"]!.AsArray().Single(d => (string?)d!["Name"] == "QueueName")!["Value"]);

    private List<JsonObject> BucketPolicy(string bucketId) =>
        [.. Json.OfType("AWS::S3::BucketPolicy").Single(p => (string?)p.Properties["Bucket"]!["Ref"] == bucketId)
            .Properties["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject())];

    private void AssertPrivateAndTlsOnly(string bucketId)
    {
        var bucket = Json.Resources[bucketId]!["Properties"]!;
        Assert.True(TemplateJson.Same(bucket["PublicAccessBlockConfiguration"], JsonNode.Parse(
            """{"BlockPublicAcls":true,"BlockPublicPolicy":true,"IgnorePublicAcls":true,"RestrictPublicBuckets":true}""")));
        var deny = Assert.Single(BucketPolicy(bucketId), s => (string?)s["Effect"] == "Deny");
        Assert.Equal("false", (string?)deny["Condition"]!["Bool"]!["aws:SecureTransport"]);
        Assert.DoesNotContain(BucketPolicy(bucketId), s => (string?)s["Effect"] == "Allow" && (s["Principal"] is JsonValue || s["Principal"]!["AWS"] is JsonValue { } v && (string?)v == "*"));
    }
}
