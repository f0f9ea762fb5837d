using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace EmailList.Deploy;

/// <summary>ElastiCache Redis in the private subnets: two nodes with failover, TLS, encryption at rest, AUTH token.</summary>
public sealed class PlatformRedis : Construct
{
    public const int RedisPort = 6379;

    public PlatformRedis(Construct scope, string id, IVpc vpc, ISecret authToken, string nodeType)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(vpc);
        ArgumentNullException.ThrowIfNull(authToken);
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = "EmailList Redis: reachable from the services only.",
            AllowAllOutbound = false,
        });
        var subnets = new CfnSubnetGroup(this, "Subnets", new CfnSubnetGroupProps
        {
            Description = "EmailList Redis private subnets",
            SubnetIds = vpc.SelectSubnets(new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS }).SubnetIds,
        });
        var group = new CfnReplicationGroup(this, "ReplicationGroup", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = "EmailList caches, rate limits and idempotency keys",
            Engine = "redis",
            EngineVersion = "7.0",
            CacheNodeType = nodeType,
            NumCacheClusters = NodeCount,
            AutomaticFailoverEnabled = true,
            MultiAzEnabled = true,
            Port = RedisPort,
            TransitEncryptionEnabled = true,
            AtRestEncryptionEnabled = true,
            AuthToken = authToken.SecretValue.UnsafeUnwrap(),
            CacheSubnetGroupName = subnets.Ref,
            SecurityGroupIds = [SecurityGroup.SecurityGroupId],
        });
        Endpoint = group.AttrPrimaryEndPointAddress;
        Port = group.AttrPrimaryEndPointPort;
        // ElastiCache names a replication group's nodes after it: -001, -002.
        NodeIds = [.. Enumerable.Range(1, NodeCount).Select(n => $"{group.Ref}-{n:000}")];
    }

    public const int NodeCount = 2;

    public IReadOnlyList<string> NodeIds { get; }

    public SecurityGroup SecurityGroup { get; }

    public string Endpoint { get; }

    public string Port { get; }
}
