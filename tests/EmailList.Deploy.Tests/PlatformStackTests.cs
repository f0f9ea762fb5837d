using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using EmailList.Aws.Dynamo;
using Microsoft.Extensions.Options;

namespace EmailList.Deploy.Tests;

[Collection(PlatformTemplateGroup.Name)]
public sealed class PlatformStackTests(PlatformTemplateFixture fixture)
{
    private static readonly DynamoDbTables Names = new(Options.Create(new DynamoDbOptions { TablePrefix = PlatformTemplateFixture.TablePrefix }));

    private TemplateJson Json => fixture.Json;

    [Fact]
    public void Tables_have_the_names_keys_and_indexes_the_DynamoDB_stores_use()
    {
        var tables = Json.OfType("AWS::DynamoDB::Table").ToDictionary(t => (string)t.Properties["TableName"]!, t => t.Properties);
        Assert.Equal(
            new[] { DynamoDbTables.TenantsSuffix, DynamoDbTables.SuppressionSuffix, DynamoDbTables.EventsSuffix, DynamoDbTables.MessagesSuffix, DynamoDbTables.TemplatesSuffix, DynamoDbTables.ScheduledMailSuffix,
                DynamoDbTables.ListsSuffix, DynamoDbTables.ContactsSuffix, DynamoDbTables.BroadcastsSuffix, DynamoDbTables.ImportsSuffix,
                DynamoDbTables.WebhooksSuffix, DynamoDbTables.WebhookDeliveriesSuffix }
                .Select(s => PlatformTemplateFixture.TablePrefix + s).Order(StringComparer.Ordinal),
            tables.Keys.Order(StringComparer.Ordinal));

        foreach (var definition in Names.Definitions())
        {
            var table = tables[definition.TableName];
            Assert.Equal(
                definition.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)),
                table["KeySchema"]!.AsArray().Select(k => ((string)k!["AttributeName"]!, (string)k!["KeyType"]!)));
            Assert.Equal(
                definition.AttributeDefinitions.Select(a => (a.AttributeName, a.AttributeType.Value)).Order(),
                table["AttributeDefinitions"]!.AsArray().Select(a => ((string)a!["AttributeName"]!, (string)a!["AttributeType"]!)).Order());
            var indexes = table["GlobalSecondaryIndexes"]?.AsArray() ?? [];
            Assert.Equal(
                (definition.GlobalSecondaryIndexes ?? []).Select(i => (i.IndexName, string.Join(",", i.KeySchema.Select(k => k.AttributeName + ":" + k.KeyType.Value)))),
                indexes.Select(i => ((string)i!["IndexName"]!, string.Join(",", i!["KeySchema"]!.AsArray().Select(k => $"{k!["AttributeName"]}:{k["KeyType"]}")))));
            Assert.Equal(
                (definition.GlobalSecondaryIndexes ?? []).Select(i => i.Projection.ProjectionType.Value),
                indexes.Select(i => (string)i!["Projection"]!["ProjectionType"]!));
        }
    }

    [Fact]
    public void Events_and_messages_expire_on_the_attribute_the_stores_write_and_tenants_never_expire()
    {
        Assert.Equal("expiresAt", DynamoDbTables.TimeToLiveAttribute);
        foreach (var (_, table) in Json.OfType("AWS::DynamoDB::Table"))
        {
            var name = (string)table["TableName"]!;
            var ttl = table["TimeToLiveSpecification"];
            if (Names.ExpiringTables.Contains(name))
            {
                Assert.True(TemplateJson.Same(ttl, new JsonObject { ["AttributeName"] = DynamoDbTables.TimeToLiveAttribute, ["Enabled"] = true }), name);
            }
            else
            {
                Assert.Null(ttl);
            }
        }

        Assert.Equal([Names.Events, Names.Messages, Names.WebhookDeliveries], Names.ExpiringTables);
    }

    [Fact]
    public void Every_table_is_on_demand_recoverable_to_a_point_in_time_and_encrypted()
    {
        fixture.Template.ResourceCountIs("AWS::DynamoDB::Table", Names.Definitions().Count);
        fixture.Template.AllResourcesProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["BillingMode"] = "PAY_PER_REQUEST",
            ["PointInTimeRecoverySpecification"] = new Dictionary<string, object> { ["PointInTimeRecoveryEnabled"] = true },
            ["SSESpecification"] = new Dictionary<string, object> { ["SSEEnabled"] = true },
            ["DeletionProtectionEnabled"] = true,
        });
        Assert.All(Json.Resources.Where(r => (string?)r.Value!["Type"] == "AWS::DynamoDB::Table"),
            r => Assert.Equal("Retain", (string?)r.Value!["DeletionPolicy"]));
    }

    [Fact]
    public void Redis_encrypts_in_transit_and_at_rest_and_requires_the_generated_auth_token()
    {
        var (_, redis) = Json.OnlyOfType("AWS::ElastiCache::ReplicationGroup");
        Assert.True((bool)redis["TransitEncryptionEnabled"]!);
        Assert.True((bool)redis["AtRestEncryptionEnabled"]!);
        Assert.True((bool)redis["AutomaticFailoverEnabled"]!);
        var token = redis["AuthToken"]!["Fn::Join"]![1]!.AsArray();
        Assert.Equal("{{resolve:secretsmanager:", (string?)token[0]);
        var secretId = (string)token[1]!["Ref"]!;
        Assert.Equal("AWS::SecretsManager::Secret", (string?)Json.Resources[secretId]!["Type"]);
        Assert.NotNull(Json.Resources[secretId]!["Properties"]!["GenerateSecretString"]);
    }

    [Fact]
    public void The_send_API_may_assume_only_tenant_roles_under_the_emaillist_path_outside_the_platform_account()
    {
        var statements = TaskRoleStatements("SendApi");
        var sts = Assert.Single(statements, s => TemplateJson.Actions(s).Any(a => a.StartsWith("sts:", StringComparison.Ordinal)));
        Assert.Equal(["sts:AssumeRole"], TemplateJson.Actions(sts));
        Assert.Equal(["arn:${AWS::Partition}:iam::*:role/emaillist/*"], TemplateJson.ResourcesOf(sts));
        Assert.True(TemplateJson.Same(
            sts["Condition"],
            JsonNode.Parse("""{"StringNotEquals":{"aws:ResourceAccount":{"Ref":"AWS::AccountId"}}}""")),
            "AssumeRole must exclude roles in the platform's own account.");
        Assert.DoesNotContain(statements.SelectMany(TemplateJson.Actions), a => a.StartsWith("events:", StringComparison.Ordinal));
        Assert.Equal([Names.Broadcasts, Names.Contacts, Names.Imports, Names.Lists, Names.ScheduledMail, Names.Suppression, Names.Templates, Names.Tenants, Names.WebhookDeliveries, Names.Webhooks], TablesReachableBy(statements));
        Assert.DoesNotContain(Names.Tenants, TablesReachableBy(fixture.Writes(statements)));
        Assert.DoesNotContain(Names.Webhooks, TablesReachableBy(fixture.Writes(statements)));
    }

    [Fact]
    public void The_query_API_refuses_tenant_roles_outside_the_path_its_task_role_may_assume()
    {
        var environment = Container("QueryApi")["Environment"]!.AsArray().ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]);

        Assert.Equal("/emaillist/", (string?)environment["Onboarding__RolePath"]);
    }

    [Fact]
    public void The_query_API_assumes_tenant_roles_likewise_and_no_longer_changes_the_bus_policy()
    {
        var statements = TaskRoleStatements("QueryApi");
        var sts = Assert.Single(statements, s => TemplateJson.Actions(s).Contains("sts:AssumeRole"));
        Assert.Equal("AWS::AccountId", (string?)sts["Condition"]!["StringNotEquals"]!["aws:ResourceAccount"]!["Ref"]);
        Assert.Equal(["arn:${AWS::Partition}:iam::*:role/emaillist/*"], TemplateJson.ResourcesOf(sts));

        Assert.DoesNotContain(statements.SelectMany(TemplateJson.Actions), a => a.StartsWith("events:", StringComparison.Ordinal));
        Assert.Equal([Names.Events, Names.Messages, Names.Suppression, Names.Tenants, Names.WebhookDeliveries, Names.Webhooks], TablesReachableBy(statements));
        Assert.Equal([Names.Suppression, Names.Tenants, Names.WebhookDeliveries, Names.Webhooks], TablesReachableBy(fixture.Writes(statements)));
    }

    [Fact]
    public void The_ingester_may_use_its_tables_and_poll_its_queue_and_nothing_else()
    {
        var statements = TaskRoleStatements("EventIngester");
        var sqs = Assert.Single(statements, s => TemplateJson.Actions(s).Any(a => a.StartsWith("sqs:", StringComparison.Ordinal)));
        Assert.Equal(["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], TemplateJson.Actions(sqs).Order(StringComparer.Ordinal));
        Assert.Equal(["${" + fixture.IngestQueueId + ".Arn}"], TemplateJson.ResourcesOf(sqs));
        Assert.All(statements.Where(s => s != sqs).SelectMany(TemplateJson.Actions), a => Assert.StartsWith("dynamodb:", a, StringComparison.Ordinal));
        Assert.Equal([Names.Contacts, Names.Events, Names.Messages, Names.Suppression, Names.Tenants, Names.WebhookDeliveries, Names.Webhooks], TablesReachableBy(statements));
        Assert.Equal([Names.Contacts, Names.Events, Names.Messages, Names.Suppression, Names.WebhookDeliveries], TablesReachableBy(fixture.Writes(statements)));
    }

    [Fact]
    public void The_dispatcher_only_reads_tenants_suppression_and_events_writes_scheduled_mail_broadcasts_lists_contacts_and_webhooks_and_assumes_roles_outside_the_platform_account()
    {
        var statements = TaskRoleStatements("Dispatcher");
        var sts = Assert.Single(statements, s => TemplateJson.Actions(s).Any(a => a.StartsWith("sts:", StringComparison.Ordinal)));
        Assert.Equal(["sts:AssumeRole"], TemplateJson.Actions(sts));
        Assert.Equal("AWS::AccountId", (string?)sts["Condition"]!["StringNotEquals"]!["aws:ResourceAccount"]!["Ref"]);
        Assert.All(statements.Where(s => s != sts).SelectMany(TemplateJson.Actions), a => Assert.StartsWith("dynamodb:", a, StringComparison.Ordinal));
        Assert.Equal([Names.Broadcasts, Names.Contacts, Names.Events, Names.Lists, Names.ScheduledMail, Names.Suppression, Names.Tenants, Names.WebhookDeliveries, Names.Webhooks], TablesReachableBy(statements));

        Assert.Equal([Names.Broadcasts, Names.Contacts, Names.Lists, Names.ScheduledMail, Names.WebhookDeliveries, Names.Webhooks], TablesReachableBy(fixture.Writes(statements)));
    }

    [Fact]
    public void The_dispatcher_is_a_worker_without_a_load_balancer_route_scaled_on_CPU_from_two_tasks()
    {
        var (_, service) = Json.OfType("AWS::ECS::Service").Single(s => s.Id.StartsWith("DispatcherService", StringComparison.Ordinal));
        Assert.Null(service["LoadBalancers"]);

        var target = Json.OfType("AWS::ApplicationAutoScaling::ScalableTarget").Single(t => t.Id.StartsWith("DispatcherService", StringComparison.Ordinal)).Properties;
        Assert.Equal(2, (int?)target["MinCapacity"]);
        var policies = Json.OfType("AWS::ApplicationAutoScaling::ScalingPolicy").Where(p => p.Id.StartsWith("DispatcherService", StringComparison.Ordinal))
            .Select(p => (string)p.Properties["TargetTrackingScalingPolicyConfiguration"]!["PredefinedMetricSpecification"]!["PredefinedMetricType"]!);
        Assert.Equal(["ECSServiceAverageCPUUtilization"], policies);
    }

    [Fact]
    public void Autoscaling_owns_the_task_count_and_deploys_start_new_tasks_before_stopping_old_ones_in_private_subnets()
    {
        var services = Json.OfType("AWS::ECS::Service").ToList();
        Assert.Equal(4, services.Count);
        Assert.All(services, s =>
        {
            // A DesiredCount would reset the count autoscaling chose on every deploy.
            Assert.Null(s.Properties["DesiredCount"]);
            Assert.Equal(100, (int?)s.Properties["DeploymentConfiguration"]!["MinimumHealthyPercent"]);
            Assert.Equal(200, (int?)s.Properties["DeploymentConfiguration"]!["MaximumPercent"]);
            Assert.Equal("DISABLED", (string?)s.Properties["NetworkConfiguration"]!["AwsvpcConfiguration"]!["AssignPublicIp"]);
            var subnets = s.Properties["NetworkConfiguration"]!["AwsvpcConfiguration"]!["Subnets"]!.AsArray().Select(n => (string)n!["Ref"]!);
            Assert.All(subnets, id => Assert.Contains("PrivateSubnet", id, StringComparison.Ordinal));
            // A grace period only applies to load balancer health checks; ECS refuses one on a worker.
            Assert.Equal(s.Properties["LoadBalancers"] is null, s.Properties["HealthCheckGracePeriodSeconds"] is null);
        });
        Assert.Equal(4, Json.OfType("AWS::ApplicationAutoScaling::ScalableTarget").Count());
    }

    [Fact]
    public void No_task_role_holds_a_wildcard_action_or_a_wildcard_resource_beyond_tenant_roles_and_table_indexes()
    {
        foreach (var service in new[] { "SendApi", "EventIngester", "QueryApi", "Dispatcher" })
        {
            foreach (var statement in TaskRoleStatements(service))
            {
                var actions = TemplateJson.Actions(statement);
                Assert.DoesNotContain(actions, a => a.Contains('*', StringComparison.Ordinal));
                // ARNs built with Fn::Join / Fn::Sub are checked as text too (TemplateJson.Resolve).
                foreach (var resource in TemplateJson.ResourcesOf(statement).Where(r => r.Contains('*', StringComparison.Ordinal)))
                {
                    var tenantRoles = resource == "arn:${AWS::Partition}:iam::*:role/emaillist/*" && statement["Condition"] is not null;
                    var tableIndexes = System.Text.RegularExpressions.Regex.IsMatch(resource, @"^\$\{[A-Za-z0-9]+\.Arn\}/index/\*$");
                    Assert.True(tenantRoles || tableIndexes, $"{service}: {resource} in {statement.ToJsonString()}");
                }
            }
        }
    }

    [Fact]
    public void DynamoDB_grants_are_only_the_calls_the_stores_make()
    {
        var allowed = TableAccess.StoreActions.Select(a => "dynamodb:" + a).ToHashSet(StringComparer.Ordinal);
        foreach (var service in new[] { "SendApi", "EventIngester", "QueryApi", "Dispatcher" })
        {
            var actions = TaskRoleStatements(service).SelectMany(TemplateJson.Actions).Where(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(actions);
            Assert.All(actions, a => Assert.Contains(a, allowed));
            Assert.DoesNotContain("dynamodb:Scan", actions);
        }
    }

    [Fact]
    public void The_send_API_links_list_mail_to_the_lists_host_and_limits_sign_ups_by_the_address_the_load_balancer_saw()
    {
        var environment = Container("SendApi")["Environment"]!.AsArray().ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]!.ToJsonString());

        Assert.Equal($"\"https://lists.{PlatformTemplateFixture.Domain}\"", environment["Lists__PublicBaseUrl"]);
        Assert.Equal("\"1\"", environment["Lists__SignUp__TrustedProxyHops"]);
    }

    [Fact]
    public void Secrets_reach_the_services_from_Secrets_Manager_never_as_plain_environment()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["SendApi"] = ["ConnectionStrings__redis", "CredentialEncryption__Key", "Lists__TokenKey"],
            ["EventIngester"] = ["ConnectionStrings__redis", "CredentialEncryption__Key", "Ingester__SharedSecret"],
            ["QueryApi"] = ["ConnectionStrings__redis", "CredentialEncryption__Key", "Query__CursorKey"],
            ["Dispatcher"] = ["ConnectionStrings__redis", "CredentialEncryption__Key", "Lists__TokenKey"],
        };
        foreach (var (service, names) in expected)
        {
            var container = Container(service);
            Assert.Equal(names, container["Secrets"]!.AsArray().Select(s => (string)s!["Name"]!).Order(StringComparer.Ordinal));
            var environment = container["Environment"]!.AsArray().ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]);
            Assert.DoesNotContain(environment.Keys, names.Contains);
            Assert.Equal("DynamoDb", (string?)environment["Storage__Provider"]);
            Assert.Equal(PlatformTemplateFixture.TablePrefix, (string?)environment["DynamoDb__TablePrefix"]);
        }
    }

    [Fact]
    public void The_send_API_links_lists_to_the_lists_https_host_and_signs_them_with_a_generated_key()
    {
        var container = Container("SendApi");
        var environment = container["Environment"]!.AsArray().ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]);
        Assert.StartsWith($"https://{PlatformStack.ListsHostPrefix}.", (string?)environment["Lists__PublicBaseUrl"], StringComparison.Ordinal);
        var secretId = (string)container["Secrets"]!.AsArray().Single(s => (string?)s!["Name"] == "Lists__TokenKey")!["ValueFrom"]!["Ref"]!;
        Assert.NotNull(Json.Resources[secretId]!["Properties"]!["GenerateSecretString"]);
    }

    [Fact]
    public void The_APIs_are_routed_by_host_health_checked_on_health_and_scaled_on_CPU_and_requests()
    {
        var groups = Json.OfType("AWS::ElasticLoadBalancingV2::TargetGroup").ToList();
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal("/health", (string?)g.Properties["HealthCheckPath"]));

        var hosts = Json.OfType("AWS::ElasticLoadBalancingV2::ListenerRule")
            .Select(r => (string)r.Properties["Conditions"]![0]!["HostHeaderConfig"]!["Values"]![0]!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            [$"lists.{PlatformTemplateFixture.Domain}", $"query.{PlatformTemplateFixture.Domain}", $"send.{PlatformTemplateFixture.Domain}"],
            hosts);

        var metrics = Json.OfType("AWS::ApplicationAutoScaling::ScalingPolicy")
            .Where(p => p.Properties["TargetTrackingScalingPolicyConfiguration"]?["PredefinedMetricSpecification"] is not null)
            .Select(p => (string)p.Properties["TargetTrackingScalingPolicyConfiguration"]!["PredefinedMetricSpecification"]!["PredefinedMetricType"]!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["ALBRequestCountPerTarget", "ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization", "ECSServiceAverageCPUUtilization", "ECSServiceAverageCPUUtilization", "ECSServiceAverageCPUUtilization"],
            metrics);
    }

    [Fact]
    public void The_HTTPS_listener_speaks_TLS_1_2_or_1_3_only_and_port_80_only_redirects()
    {
        var listeners = Json.OfType("AWS::ElasticLoadBalancingV2::Listener").ToDictionary(l => (int)l.Properties["Port"]!, l => l.Properties);
        Assert.Equal([80, 443], listeners.Keys.Order());
        Assert.Equal("HTTPS", (string?)listeners[443]["Protocol"]);
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", (string?)listeners[443]["SslPolicy"]);
        Assert.Equal("redirect", (string?)Assert.Single(listeners[80]["DefaultActions"]!.AsArray())!["Type"]);
        Assert.Equal("HTTPS", (string?)listeners[80]["DefaultActions"]![0]!["RedirectConfig"]!["Protocol"]);
    }

    [Fact]
    public void The_public_list_routes_reach_the_send_API_on_the_lists_host_and_only_on_their_paths()
    {
        var listsHost = $"lists.{PlatformTemplateFixture.Domain}";
        var rule = Json.OfType("AWS::ElasticLoadBalancingV2::ListenerRule")
            .Single(r => (string?)r.Properties["Conditions"]![0]!["HostHeaderConfig"]!["Values"]![0] == listsHost).Properties;
        var paths = rule["Conditions"]!.AsArray().Single(c => (string?)c!["Field"] == "path-pattern")!["PathPatternConfig"]!["Values"]!.AsArray().Select(v => (string)v!);
        Assert.Equal(["/subscribe/*", "/confirm/*", "/unsubscribe/*"], paths);

        var sendRule = Json.OfType("AWS::ElasticLoadBalancingV2::ListenerRule")
            .Single(r => (string?)r.Properties["Conditions"]![0]!["HostHeaderConfig"]!["Values"]![0] == $"send.{PlatformTemplateFixture.Domain}").Properties;
        Assert.True(TemplateJson.Same(rule["Actions"]![0]!["TargetGroupArn"], sendRule["Actions"]![0]!["TargetGroupArn"]));

        foreach (var service in new[] { "SendApi", "Dispatcher" })
        {
            var environment = Container(service)["Environment"]!.AsArray().ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]);
            Assert.Equal($"https://{listsHost}", (string?)environment["Lists__PublicBaseUrl"]);
        }
    }

    [Fact]
    public void A_web_ACL_on_the_load_balancer_rate_limits_each_IP_on_every_public_route()
    {
        var (aclId, acl) = Json.OnlyOfType("AWS::WAFv2::WebACL");
        Assert.Equal("REGIONAL", (string?)acl["Scope"]);
        Assert.NotNull(acl["DefaultAction"]!["Allow"]);
        var rules = acl["Rules"]!.AsArray().Select(r => r!).ToList();
        Assert.All(rules, r => Assert.NotNull(r["Action"]!["Block"]));
        Assert.Equal(rules.Count, rules.Select(r => (int)r["Priority"]!).Distinct().Count());
        var limits = rules.Select(r => r["Statement"]!["RateBasedStatement"]!).ToList();
        Assert.All(limits, l => Assert.Equal("IP", (string?)l["AggregateKeyType"]));

        var lists = limits.Where(l => l["ScopeDownStatement"]!["AndStatement"] is not null).Select(l =>
        {
            var matches = l["ScopeDownStatement"]!["AndStatement"]!["Statements"]!.AsArray().Select(m => m!["ByteMatchStatement"]!).ToList();
            Assert.Contains(matches, m => (string?)m["SearchString"] == $"lists.{PlatformTemplateFixture.Domain}" && (string?)m["PositionalConstraint"] == "EXACTLY");
            return ((string)matches.Single(m => m["FieldToMatch"]!["UriPath"] is not null)["SearchString"]!, (int)l["Limit"]!);
        });
        Assert.Equal([("/subscribe/", 100), ("/confirm/", 300), ("/unsubscribe/", 300)], lists);

        // Every other public host (the APIs) is limited as a whole.
        var apis = limits.Where(l => l["ScopeDownStatement"]!["ByteMatchStatement"] is not null)
            .Select(l => ((string)l["ScopeDownStatement"]!["ByteMatchStatement"]!["SearchString"]!, (int)l["Limit"]!))
            .OrderBy(h => h.Item1, StringComparer.Ordinal);
        Assert.Equal([($"query.{PlatformTemplateFixture.Domain}", 30_000), ($"send.{PlatformTemplateFixture.Domain}", 30_000)], apis);
        var routedHosts = Json.OfType("AWS::ElasticLoadBalancingV2::ListenerRule")
            .Select(r => (string)r.Properties["Conditions"]![0]!["HostHeaderConfig"]!["Values"]![0]!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(routedHosts.Order(StringComparer.Ordinal), apis.Select(a => a.Item1).Append($"lists.{PlatformTemplateFixture.Domain}").Order(StringComparer.Ordinal));

        var association = Json.OnlyOfType("AWS::WAFv2::WebACLAssociation").Properties;
        Assert.Equal(aclId, (string?)association["WebACLArn"]!["Fn::GetAtt"]![0]);
        var loadBalancerId = Json.OnlyOfType("AWS::ElasticLoadBalancingV2::LoadBalancer").Id;
        Assert.Equal(loadBalancerId, (string?)association["ResourceArn"]!["Ref"]);
    }

    private JsonObject Container(string service) => fixture.Container(service);

    private IReadOnlyList<JsonObject> TaskRoleStatements(string service) => fixture.TaskRoleStatements(service);

    private List<string> TablesReachableBy(IEnumerable<JsonObject> statements) => fixture.TablesReachableBy(statements);
}
