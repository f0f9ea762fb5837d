using System.ComponentModel.DataAnnotations;

namespace EmailList.Sandbox;

/// <summary>The platform principal and the limits the sandbox enforces (configuration section "Sandbox").</summary>
public sealed class SandboxOptions : IValidatableObject
{
    public const string SectionName = "Sandbox";

    /// <summary>A fixed, well-known development secret: the sandbox guards nothing of value.</summary>
    public const string DefaultPlatformSecretAccessKey = "sandbox/platform/SECRET/0123456789abcdefghij";

    [Required, RegularExpression(@"^\d{12}$", ErrorMessage = "Sandbox:PlatformAccountId must be 12 digits.")]
    public string PlatformAccountId { get; set; } = "111111111111";

    [Required, RegularExpression("^AKIA[A-Z0-9]{16}$", ErrorMessage = "Sandbox:PlatformAccessKeyId must look like a long-term key id (AKIA + 16 upper-case letters or digits).")]
    public string PlatformAccessKeyId { get; set; } = "AKIASANDBOXPLATFORM1";

    [Required, MinLength(16)]
    public string PlatformSecretAccessKey { get; set; } = DefaultPlatformSecretAccessKey;

    /// <summary>The region named in SES error messages and in the identity ARNs the sandbox reports.</summary>
    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>The platform's own EventBridge bus, in <see cref="PlatformAccountId"/> and <see cref="Region"/>; it exists from the start.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9._\-/]{1,256}$", ErrorMessage = "Sandbox:PlatformEventBusName must be an EventBridge bus name (letters, digits, . _ - /).")]
    public string PlatformEventBusName { get; set; } = "emaillist";

    /// <summary>Upper bound of any session, whatever a role allows.</summary>
    [Range(typeof(TimeSpan), "00:15:00", "12:00:00")]
    public TimeSpan MaxSessionDuration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How far X-Amz-Date may be from the sandbox clock.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A file in which the accounts and roles set through the admin API are kept across restarts (the embedded default
    /// puts it beside its SQLite database); none by default: the sandbox then forgets everything when it stops.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>SES event publishing (section "Sandbox:Events"); off until a target is set.</summary>
    public SandboxEventOptions Events { get; set; } = new();

    /// <summary>The platform's SQS queue that the platform bus's rule targets (section "Sandbox:Queue").</summary>
    public SandboxQueueOptions Queue { get; set; } = new();

    /// <summary>The ARN of the platform's IAM user, the only principal allowed to call AssumeRole.</summary>
    public string PlatformPrincipalArn => $"arn:aws:iam::{PlatformAccountId}:user/emaillist-platform";

    /// <summary>The ARN tenants' rules must target to forward SES events to the platform.</summary>
    public string PlatformEventBusArn => $"arn:aws:events:{Region}:{PlatformAccountId}:event-bus/{PlatformEventBusName}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Events, new ValidationContext(Events), results, validateAllProperties: true);
        if (Events.TargetUrl is { } target && (!target.IsAbsoluteUri || target.Scheme is not ("http" or "https")))
        {
            results.Add(new ValidationResult("Sandbox:Events:TargetUrl must be an absolute http or https URL.", [nameof(SandboxEventOptions.TargetUrl)]));
        }

        var queueResults = new List<ValidationResult>();
        Validator.TryValidateObject(Queue, new ValidationContext(Queue), queueResults, validateAllProperties: true);
        return results.Select(r => new ValidationResult(r.ErrorMessage, [.. r.MemberNames.Select(m => "Events:" + m)]))
            .Concat(queueResults.Select(r => new ValidationResult(r.ErrorMessage, [.. r.MemberNames.Select(m => "Queue:" + m)])));
    }
}
