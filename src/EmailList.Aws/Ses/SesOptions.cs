using System.ComponentModel.DataAnnotations;

namespace EmailList.Aws.Ses;

/// <summary>How <see cref="SesV2Client"/> reaches SES v2 and how hard it retries (configuration section "Ses").</summary>
public sealed class SesOptions : IValidatableObject
{
    public const string SectionName = "Ses";

    /// <summary>Overrides <c>https://email.{region}.amazonaws.com</c>, e.g. for the local sandbox.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Retries after TooManyRequests/Throttling before giving up with <c>Throttled</c>.</summary>
    [Range(0, 10)]
    public int MaxThrottleRetries { get; set; } = 3;

    /// <summary>First throttling back-off; doubles per retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Retries after 5xx answers and connection failures.</summary>
    [Range(0, 10)]
    public int MaxTransientRetries { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan TransientBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Time limit of one HTTP attempt. A SendEmail attempt that runs out is not retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ServiceUrl is { IsAbsoluteUri: false } || ServiceUrl is { Scheme: not ("http" or "https") })
        {
            yield return new ValidationResult("Ses:ServiceUrl must be an absolute http(s) URL, e.g. http://127.0.0.1:4566.", [nameof(ServiceUrl)]);
        }
    }
}
