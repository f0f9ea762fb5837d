using System.ComponentModel.DataAnnotations;

namespace EmailList.Aws.EventBridge;

/// <summary>
/// How <see cref="EventBridgeClient"/> reaches EventBridge (configuration section "EventBridge"): retry limits for every call.
/// The platform bus's region and credentials are kept for platform-side calls (none today: the bus's policy is static).
/// </summary>
public sealed class EventBridgeOptions : AwsClientOptions
{
    public const string SectionName = "EventBridge";

    /// <summary>The region of the platform's event bus.</summary>
    [Required]
    [RegularExpression("^[a-z]{2}(-gov)?-[a-z]+-\\d{1,2}$", ErrorMessage = "EventBridge:Region must be an AWS region name such as us-east-1.")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Platform credentials for local use; when absent the SDK's default credential chain applies.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>The key <see cref="AwsClientOptions.AttemptTimeout"/> had before SES and EventBridge shared their options; still read.</summary>
    public TimeSpan Timeout
    {
        get => AttemptTimeout;
        set => AttemptTimeout = value;
    }

    protected override string Section => SectionName;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            yield return new ValidationResult("Set both EventBridge:AccessKeyId and EventBridge:SecretAccessKey, or neither to use the default credential chain.",
                [nameof(AccessKeyId), nameof(SecretAccessKey)]);
        }

        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }
    }
}
