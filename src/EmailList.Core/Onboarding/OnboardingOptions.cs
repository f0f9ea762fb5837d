using System.ComponentModel.DataAnnotations;

namespace EmailList.Core.Onboarding;

/// <summary>What tenants' roles must trust and where their SES events go (configuration section "Onboarding").</summary>
public sealed class OnboardingOptions
{
    public const string SectionName = "Onboarding";

    /// <summary>Our AWS account: the one tenants' roles trust, and the owner of the platform event bus.</summary>
    [Required, RegularExpression(@"^\d{12}$", ErrorMessage = "Onboarding:PlatformAccountId must be a 12-digit AWS account id.")]
    public string PlatformAccountId { get; set; } = string.Empty;

    /// <summary>The platform's event bus, which receives tenants' SES events.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,256}$", ErrorMessage = "Onboarding:EventBusName must be an event bus name.")]
    public string EventBusName { get; set; } = "emaillist";

    [Required, RegularExpression(@"^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$", ErrorMessage = "Onboarding:EventBusRegion must be an AWS region such as us-east-1.")]
    public string EventBusRegion { get; set; } = "us-east-1";

    /// <summary>The configuration set created in a tenant's account when the tenant has none of its own.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Onboarding:ConfigurationSetName must be 1-64 of A-Z, a-z, 0-9, '_' and '-'.")]
    public string ConfigurationSetName { get; set; } = "emaillist";

    /// <summary>Names shared with the customer CloudFormation template, so that setting up through the role and the template agree.</summary>
    [Required]
    public string EventDestinationName { get; set; } = "emaillist-eventbridge";

    [Required]
    public string ForwardingRuleName { get; set; } = "emaillist-forward-ses";

    [Required]
    public string ForwardingTargetId { get; set; } = "emaillist-platform-bus";

    /// <summary>Where the customer template is published (an S3 URL, as CloudFormation quick-create links require); none means no link.</summary>
    public Uri? TemplateUrl { get; set; }

    /// <summary>Accept SES accounts still in the SES sandbox (development only: they can mail verified addresses alone).</summary>
    public bool AllowSesSandbox { get; set; }

    /// <summary>
    /// The IAM path every tenant role must be under (e.g. "/emaillist/", where the customer template creates it), when the
    /// platform's own policy lets it assume only such roles; a role elsewhere is refused before STS is asked, with the
    /// fix. Empty: any path (the embedded default, whose sandbox roles have none).
    /// </summary>
    [RegularExpression(@"^(/([\w+=,.@-]+/)+)?$", ErrorMessage = "Onboarding:RolePath must be an IAM path such as /emaillist/ (or empty for any).")]
    public string? RolePath { get; set; }

    /// <summary>
    /// The forwarder role's name in a customer account, under the IAM path /emaillist/ (the platform bus admits events put by such
    /// roles alone); <c>{region}</c> stands for the customer's region, as the template names it.
    /// </summary>
    [Required, RegularExpression(@"^[\w+=,.@{}-]{1,64}$", ErrorMessage = "Onboarding:ForwarderRoleName must be an IAM role name (it may contain {region}).")]
    public string ForwarderRoleName { get; set; } = "emaillist-forwarder-{region}";

    /// <summary>aws, aws-cn or aws-us-gov, from the bus's region.</summary>
    public string Partition => EventBusRegion.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : EventBusRegion.Contains("-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";

    public string EventBusArn => $"arn:{Partition}:events:{EventBusRegion}:{PlatformAccountId}:event-bus/{EventBusName}";

    public string ForwarderRoleArn(string accountId, string region) =>
        $"arn:{Partition}:iam::{accountId}:role/emaillist/{ForwarderRoleName.Replace("{region}", region, StringComparison.Ordinal)}";
}
