using System.ComponentModel.DataAnnotations;

namespace EmailList.Aws.EventBridge;

/// <summary>
/// How <see cref="EventBridgeClient"/> reaches EventBridge (configuration section "EventBridge"): the platform bus's
/// region and credentials for permission calls, and retry limits for every call.
/// </summary>
public sealed class EventBridgeOptions : IValidatableObject
{
    public const string SectionName = "EventBridge";

    /// <summary>Overrides <c>https://events.{region}.amazonaws.com</c> for platform and tenant calls alike, e.g. for the local sandbox.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>The region of the platform's event bus, where PutPermission and RemovePermission go.</summary>
    [Required]
    [RegularExpression("^[a-z]{2}(-gov)?-[a-z]+-\\d{1,2}$", ErrorMessage = "EventBridge:Region must be an AWS region name such as us-east-1.")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Platform credentials for local use; when absent the SDK's default credential chain applies.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Time limit of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after ThrottlingException before giving up with <c>Throttled</c>.</summary>
    [Range(0, 10)]
    public int MaxThrottleRetries { get; set; } = 3;

    /// <summary>First throttling back-off; doubles per retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Retries after 5xx answers, timeouts and connection failures.</summary>
    [Range(0, 10)]
    public int MaxTransientRetries { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan TransientBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            yield return new ValidationResult("Set both EventBridge:AccessKeyId and EventBridge:SecretAccessKey, or neither to use the default credential chain.",
                [nameof(AccessKeyId), nameof(SecretAccessKey)]);
        }

        if (ServiceUrl is { IsAbsoluteUri: false } || ServiceUrl is { Scheme: not ("http" or "https") })
        {
            yield return new ValidationResult("EventBridge:ServiceUrl must be an absolute http(s) URL, e.g. http://127.0.0.1:4566.", [nameof(ServiceUrl)]);
        }
    }
}
