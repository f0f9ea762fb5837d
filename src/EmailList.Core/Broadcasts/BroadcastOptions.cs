using System.ComponentModel.DataAnnotations;

namespace EmailList.Core.Broadcasts;

/// <summary>How broadcasts are queued and guarded (section <c>Broadcasts</c>).</summary>
public sealed class BroadcastOptions : IValidatableObject
{
    public const string SectionName = "Broadcasts";

    /// <summary>How often the expander looks for due broadcasts, queues recipients and recounts progress.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a sending broadcast's mail is recounted for its progress.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one expander holds a broadcast's expansion (renewed at every poll); another takes it over once this runs
    /// out. Shorter than <see cref="Window"/>, so the mail queued ahead has not all been sent when a dead expander's
    /// lease ends and sending never stalls for it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:30:00")]
    public TimeSpan ExpansionLease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Contacts read and queued per page.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 200;

    /// <summary>
    /// Recipients queued ahead of sending are kept to the tenant's pacing rate times this (and at least
    /// <see cref="MinimumWindow"/>), so a pause or cancel takes effect on little already-queued mail.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 100_000)]
    public int MinimumWindow { get; set; } = 500;

    /// <summary>How long a broadcast's mail whose broadcast is paused waits before it looks again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PausedRetry { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a broadcast's mail waits when the tenant's 24-hour SES quota is (nearly) used up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QuotaRetry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a broadcast is read from the cache by the dispatcher composing its mail.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A sending broadcast pauses itself when the tenant's bounce rate (per recipient, over <see cref="GuardWindow"/>) reaches this. SES reviews an account at 5 %.</summary>
    [Range(0.0001, 1)]
    public double MaxBounceRate { get; set; } = 0.04;

    /// <summary>As <see cref="MaxBounceRate"/> for complaints. SES reviews an account at 0.1 %.</summary>
    [Range(0.00001, 1)]
    public double MaxComplaintRate { get; set; } = 0.0008;

    /// <summary>Recipients sent to in <see cref="GuardWindow"/> below which the rates are too noisy to act on.</summary>
    [Range(1, 10_000_000)]
    public int GuardMinimumSends { get; set; } = 200;

    [Range(typeof(TimeSpan), "00:10:00", "7.00:00:00")]
    public TimeSpan GuardWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the guard's reading of the event store is reused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan GuardCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ProgressInterval < PollInterval)
        {
            yield return new ValidationResult(
                $"Broadcasts:ProgressInterval ({ProgressInterval}) must not be shorter than Broadcasts:PollInterval ({PollInterval}).",
                [nameof(ProgressInterval), nameof(PollInterval)]);
        }

        if (ExpansionLease >= Window)
        {
            yield return new ValidationResult(
                $"Broadcasts:ExpansionLease ({ExpansionLease}) must be shorter than Broadcasts:Window ({Window}), or the queue runs dry before a dead expander is replaced.",
                [nameof(ExpansionLease), nameof(Window)]);
        }
    }
}
