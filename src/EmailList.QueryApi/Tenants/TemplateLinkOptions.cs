using System.ComponentModel.DataAnnotations;

namespace EmailList.QueryApi.Tenants;

/// <summary>
/// The published customer template in the platform's private bucket (configuration section "Onboarding"): with a bucket
/// and key, every quick-create link carries a presigned S3 GET of that object, made per request, instead of
/// <c>Onboarding:TemplateUrl</c> (a private bucket has no URL CloudFormation could read otherwise).
/// </summary>
public sealed class TemplateLinkOptions : IValidatableObject
{
    public const string SectionName = "Onboarding";

    /// <summary>The bucket holding the published template (the platform stack's TemplatesBucket output).</summary>
    [RegularExpression(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "Onboarding:TemplateBucket must be an S3 bucket name.")]
    public string? TemplateBucket { get; set; }

    /// <summary>The template's key, e.g. <c>customer-onboarding/v1.template.json</c>.</summary>
    public string? TemplateKey { get; set; }

    [RegularExpression(@"^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$", ErrorMessage = "Onboarding:TemplateBucketRegion must be an AWS region such as us-east-1.")]
    public string? TemplateBucketRegion { get; set; }

    /// <summary>How long a link's template URL works; short, since each GET /tenant makes a new one.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "12:00:00", ErrorMessage = "Onboarding:TemplateLinkLifetime must be between 1 minute and 12 hours.")]
    public TimeSpan TemplateLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    public bool Presigned => !string.IsNullOrEmpty(TemplateBucket);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(TemplateBucket) != string.IsNullOrEmpty(TemplateKey))
        {
            yield return new ValidationResult("Set both Onboarding:TemplateBucket and Onboarding:TemplateKey (the published template), or neither to use Onboarding:TemplateUrl.",
                [nameof(TemplateBucket), nameof(TemplateKey)]);
        }

        if (Presigned && string.IsNullOrEmpty(TemplateBucketRegion))
        {
            yield return new ValidationResult("Onboarding:TemplateBucketRegion is required with Onboarding:TemplateBucket: the region the presigned URL is signed for.",
                [nameof(TemplateBucketRegion)]);
        }
    }
}
