using System.ComponentModel.DataAnnotations;

namespace EmailList.Sandbox;

/// <summary>Where and how the sandbox publishes SES events, as an EventBridge API destination would (configuration section "Sandbox:Events").</summary>
public sealed class SandboxEventOptions
{
    public const string SectionName = SandboxOptions.SectionName + ":Events";

    public const string DefaultHeaderName = "X-EmailList-Ingest-Key";

    /// <summary>The HTTP endpoint every event is POSTed to; none means nothing is published. Changeable at runtime with <c>PUT /_sandbox/events/target</c>.</summary>
    public Uri? TargetUrl { get; set; }

    /// <summary>The header that carries <see cref="Secret"/>, as an API destination connection's API key.</summary>
    [Required, RegularExpression("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", ErrorMessage = "Sandbox:Events:HeaderName must be an HTTP header name.")]
    public string HeaderName { get; set; } = DefaultHeaderName;

    /// <summary>The header's value; without one, no header is sent.</summary>
    public string? Secret { get; set; }

    /// <summary>Attempts per event (the first included) before it is dropped.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry; each later retry waits twice as long as the one before.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one POST may take before it counts as failed (and is retried: the target may then see the event twice).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events waiting for delivery; when full, the oldest waiting event is dropped (and counted).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Deliveries in flight at once; EventBridge does not keep order either.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// False (the default): every SES event goes to <see cref="TargetUrl"/>. True: only events whose path AWS would let through
    /// (configuration set with an EventBridge destination, a rule on the tenant's default bus targeting the platform bus, a bus
    /// policy allowing the tenant) get there; the others are counted as undelivered, by reason.
    /// </summary>
    public bool RequireForwarding { get; set; }

    /// <summary>The region named by events of messages recorded without one; a message's events name the region it was sent in.</summary>
    [Required]
    public string Region { get; set; } = "us-east-1";
}
