using System.ComponentModel.DataAnnotations;

namespace EmailList.Aws.Sts;

/// <summary>How the platform reaches STS (configuration section "Sts").</summary>
public sealed class StsOptions : IValidatableObject
{
    public const string SectionName = "Sts";

    /// <summary>Overrides the regional STS endpoint, e.g. for the local sandbox.</summary>
    public Uri? ServiceUrl { get; set; }

    [Required]
    [RegularExpression("^[a-z]{2}(-gov)?-[a-z]+-\\d{1,2}$", ErrorMessage = "Sts:Region must be an AWS region name such as us-east-1.")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Platform credentials for local use; when absent the SDK's default credential chain applies.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>The platform's AWS account, named in AccessDenied explanations (the account tenants' roles must trust).</summary>
    [RegularExpression("^\\d{12}$", ErrorMessage = "Sts:PlatformAccountId must be a 12-digit AWS account id.")]
    public string? PlatformAccountId { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            yield return new ValidationResult("Set both Sts:AccessKeyId and Sts:SecretAccessKey, or neither to use the default credential chain.",
                [nameof(AccessKeyId), nameof(SecretAccessKey)]);
        }

        if (ServiceUrl is { IsAbsoluteUri: false } || ServiceUrl is { Scheme: not ("http" or "https") })
        {
            yield return new ValidationResult("Sts:ServiceUrl must be an absolute http(s) URL.", [nameof(ServiceUrl)]);
        }
    }
}
