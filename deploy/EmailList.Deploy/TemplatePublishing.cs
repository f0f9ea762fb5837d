using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace EmailList.Deploy;

/// <summary>
/// Where the operator publishes the customer template: a private bucket (Block Public Access on, TLS only, versioned)
/// read by CloudFront through an origin access control, so tenants download the template over HTTPS while the bucket
/// stays private. CloudFormation's quick-create links need an S3 URL the tenant can read: with the bucket private,
/// that is a presigned URL of the same object (docs/deploy.md).
/// </summary>
public sealed class TemplatePublishing : Construct
{
    /// <summary>The key prefix of published templates; CloudFront reads nothing else.</summary>
    public const string Prefix = "customer-onboarding/";

    public TemplatePublishing(Construct scope, string id)
        : base(scope, id)
    {
        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            Encryption = BucketEncryption.S3_MANAGED,
            Versioned = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        var accessControl = new CfnOriginAccessControl(this, "AccessControl", new CfnOriginAccessControlProps
        {
            OriginAccessControlConfig = new CfnOriginAccessControl.OriginAccessControlConfigProperty
            {
                Name = Names.UniqueResourceName(this, new UniqueResourceNameOptions { MaxLength = 64 }),
                Description = "CloudFront signs its requests to the EmailList templates bucket.",
                OriginAccessControlOriginType = "s3",
                SigningBehavior = "always",
                SigningProtocol = "sigv4",
            },
        });
        var distribution = new CfnDistribution(this, "Distribution", new CfnDistributionProps
        {
            DistributionConfig = new CfnDistribution.DistributionConfigProperty
            {
                Enabled = true,
                Comment = "EmailList customer onboarding templates",
                HttpVersion = "http2and3",
                PriceClass = "PriceClass_100",
                Origins = new object[]
                {
                    new CfnDistribution.OriginProperty
                    {
                        Id = "templates",
                        DomainName = Bucket.BucketRegionalDomainName,
                        OriginAccessControlId = accessControl.AttrId,
                        // OAC replaces the legacy origin access identity; the empty value says "none".
                        S3OriginConfig = new CfnDistribution.S3OriginConfigProperty { OriginAccessIdentity = "" },
                    },
                },
                DefaultCacheBehavior = new CfnDistribution.DefaultCacheBehaviorProperty
                {
                    TargetOriginId = "templates",
                    ViewerProtocolPolicy = "https-only",
                    AllowedMethods = ["GET", "HEAD"],
                    // The managed CachingOptimized policy.
                    CachePolicyId = "658327ea-f89d-4fab-a63d-7e88639e58f6",
                    Compress = true,
                },
            },
        });

        var distributionArn = Stack.Of(this).FormatArn(new ArnComponents
        {
            Service = "cloudfront",
            Region = "",
            Resource = "distribution",
            ResourceName = distribution.AttrId,
        });
        Bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudFrontReadsPublishedTemplates",
            Principals = [new ServicePrincipal("cloudfront.amazonaws.com")],
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(Prefix + "*")],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["AWS:SourceArn"] = distributionArn },
            },
        }));
        DomainName = distribution.AttrDomainName;
    }

    public Bucket Bucket { get; }

    /// <summary>The distribution's domain: templates are at https://{DomainName}/customer-onboarding/....</summary>
    public string DomainName { get; }
}
