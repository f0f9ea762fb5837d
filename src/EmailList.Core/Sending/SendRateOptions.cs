using System.ComponentModel.DataAnnotations;

namespace EmailList.Core.Sending;

/// <summary>Where the send rate comes from (section <c>SendRate</c>): SES GetAccount's MaxSendRate, refreshed.</summary>
public sealed class SendRateOptions
{
    public const string SectionName = "SendRate";

    /// <summary>How long a tenant's MaxSendRate is used before GetAccount is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Recipients per second when GetAccount cannot be read and no earlier value is known (SES's sandbox rate).</summary>
    [Range(0.1, 100_000)]
    public double FallbackRate { get; set; } = 1;

    /// <summary>
    /// The share of MaxSendRate we pace at. Sending at exactly SES's rate leaves its bucket empty, so any jitter between
    /// our gate and SES (a GC pause, a slow connection, then a bunch of calls together) is throttled; a little below it
    /// lets SES's bucket keep a cushion for that jitter.
    /// </summary>
    [Range(0.5, 1.0)]
    public double Utilization { get; set; } = 0.98;

    /// <summary>How long the fallback is used before GetAccount is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The share of the 24-hour SES quota bulk mail (broadcasts) leaves unused, so the tenant's transactional mail still
    /// goes out when a broadcast is large; broadcast mail waits for the quota instead of failing.
    /// </summary>
    [Range(0.0, 0.5)]
    public double DailyQuotaReserve { get; set; } = 0.05;
}
