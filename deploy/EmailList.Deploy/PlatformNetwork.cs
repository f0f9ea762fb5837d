using Amazon.CDK.AWS.EC2;
using Constructs;

namespace EmailList.Deploy;

/// <summary>
/// The VPC over two availability zones. DynamoDB and S3 are reached through gateway endpoints (free, and most of the
/// traffic); SQS, Secrets Manager, ECR, CloudWatch Logs and STS through interface endpoints, so polling, start-up and
/// role assumption go on while a NAT gateway or its zone is down. Tenants' SES and EventBridge (other regions, other
/// accounts) still go out through NAT: one gateway per zone by default.
/// </summary>
public sealed class PlatformNetwork : Construct
{
    public PlatformNetwork(Construct scope, string id, int natGateways, bool interfaceEndpoints)
        : base(scope, id)
    {
        Vpc = new Vpc(this, "Vpc", new VpcProps { MaxAzs = 2, NatGateways = natGateways });
        Vpc.AddGatewayEndpoint("DynamoDb", new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.DYNAMODB });
        // ECR keeps image layers in S3.
        Vpc.AddGatewayEndpoint("S3", new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3 });
        if (!interfaceEndpoints)
        {
            return;
        }

        var services = new Dictionary<string, InterfaceVpcEndpointAwsService>
        {
            ["Sqs"] = InterfaceVpcEndpointAwsService.SQS,
            ["SecretsManager"] = InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
            ["EcrApi"] = InterfaceVpcEndpointAwsService.ECR,
            ["EcrDocker"] = InterfaceVpcEndpointAwsService.ECR_DOCKER,
            ["Logs"] = InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
            ["Sts"] = InterfaceVpcEndpointAwsService.STS,
        };
        foreach (var (name, service) in services)
        {
            // Reachable from inside the VPC only (the endpoint's security group allows the VPC's CIDR on 443).
            Vpc.AddInterfaceEndpoint(name, new InterfaceVpcEndpointOptions { Service = service, PrivateDnsEnabled = true });
        }
    }

    public Vpc Vpc { get; }
}
