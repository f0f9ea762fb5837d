using System.ComponentModel.DataAnnotations;

namespace EmailList.Aws;

/// <summary>
/// Where a hand-written AWS JSON client sends its requests and how hard it retries; each service binds its own
/// section ("Ses", "EventBridge") with these keys.
/// </summary>
public abstract class AwsClientOptions : IValidatableObject
{
    /// <summary>Overrides the service's public endpoint in the region, e.g. for the local sandbox.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Retries after a throttling answer before giving up with <c>Throttled</c>.</summary>
    [Range(0, 10)]
    public int MaxThrottleRetries { get; set; } = 3;

    /// <summary>First throttling back-off; doubles per retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Retries after 5xx answers, connection failures and (for idempotent calls) timeouts.</summary>
    [Range(0, 10)]
    public int MaxTransientRetries { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan TransientBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Time limit of one HTTP attempt. An attempt of a call that is not idempotent (SendEmail) that runs out is not retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The configuration section, named in validation messages.</summary>
    protected abstract string Section { get; }

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ServiceUrl is { IsAbsoluteUri: false } || ServiceUrl is { Scheme: not ("http" or "https") })
        {
            yield return new ValidationResult($"{Section}:ServiceUrl must be an absolute http(s) URL, e.g. http://127.0.0.1:4566.", [nameof(ServiceUrl)]);
        }
    }
}
