using System.ComponentModel.DataAnnotations;

namespace EmailList.SendApi.Mail;

public sealed class MailOptions
{
    public const string SectionName = "Mail";

    /// <summary>Largest accepted POST /mail body (JSON, attachments base64-encoded inside).</summary>
    [Range(1024, 40 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest accepted POST /mail/batch body: up to 100 messages together.</summary>
    [Range(1024, 40 * 1024 * 1024)]
    public int MaxBatchRequestBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How long an Idempotency-Key and its response are remembered.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an unfinished request holds its Idempotency-Key (a crashed process must not lock it for a day).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan IdempotencyPendingTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
