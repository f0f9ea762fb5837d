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

    /// <summary>How long the fallback is used before GetAccount is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);
}
