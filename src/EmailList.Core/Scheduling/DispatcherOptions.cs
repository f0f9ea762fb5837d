using System.ComponentModel.DataAnnotations;

namespace EmailList.Core.Scheduling;

/// <summary>How the dispatcher claims and sends scheduled mail (section <c>Dispatcher</c>).</summary>
public sealed class DispatcherOptions : IValidatableObject
{
    public const string SectionName = "Dispatcher";

    /// <summary>How often the store is asked for due mail when the last claim did not fill the batch; mail leaves within about this of its time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a claim is held; if this instance dies, another claims the mail once it runs out.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:30:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A claim is sent only while at least this much of its lease is left, so a send never outlives its lease.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>At most this many claims in hand at once (waiting for the rate gate or being sent).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>At most this many of one tenant's mails per claim, so one tenant's backlog does not hold back another's mail.</summary>
    [Range(1, 1000)]
    public int PerTenantLimit { get; set; } = 10;

    /// <summary>
    /// How far ahead of its SES send rate a tenant's mail is claimed: a tenant holds at most its MaxSendRate times this in
    /// recipients (and at least <see cref="PerTenantLimit"/> mails), so a fast account is fed without waiting for the
    /// next poll and a slow one never fills the batch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ClaimAhead { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>At most this many SES calls at once.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>The first wait after SES throttled or could not be reached; doubled per attempt up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Claims after which a mail that SES or STS keeps failing to take (unavailable, not throttled) is marked Failed.
    /// Throttling never fails a mail.
    /// </summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 20;

    /// <summary>
    /// How long after an unconfirmed hand-off to SES (this or another instance died, or SES did not answer in time) the
    /// mail waits for its Send event to mark it Sent. After that it is marked Failed as unconfirmed, never sent again
    /// (docs/architecture.md, "Exactly once"); a Send event arriving later still marks it Sent.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AcceptanceWindow { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseMargin >= Lease)
        {
            yield return new ValidationResult(
                $"Dispatcher:LeaseMargin ({LeaseMargin}) must be shorter than Dispatcher:Lease ({Lease}).", [nameof(LeaseMargin), nameof(Lease)]);
        }

        if (Backoff > MaxBackoff)
        {
            yield return new ValidationResult(
                $"Dispatcher:Backoff ({Backoff}) must not be longer than Dispatcher:MaxBackoff ({MaxBackoff}).", [nameof(Backoff), nameof(MaxBackoff)]);
        }
    }
}
