namespace EmailList.SendApi.Mail;

/// <summary>Limits of a single message; most are SES's own.</summary>
internal static class MailLimits
{
    public const int MaxRecipients = 50;
    public const int MaxReplyTo = 10;
    public const int MaxAddressLength = 320;
    public const int MaxSubjectLength = 998;
    public const int MaxHeaders = 50;
    public const int MaxHeaderValueLength = 998;
    public const int MaxTags = 20;
    public const int MaxTagLength = 256;
    public const int MaxAttachments = 20;
    public const int MaxFileNameLength = 255;
    public const int MaxIdempotencyKeyLength = 256;

    /// <summary>The most messages in one POST /mail/batch, as Resend allows.</summary>
    public const int MaxBatchMessages = 100;

    /// <summary>How many items of a batch are delivered at once (each still waits for the tenant's send rate).</summary>
    public const int BatchConcurrency = 8;

    /// <summary>How far ahead a send may be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(30);

    /// <summary>How far in the past a scheduled time may be (clock skew between the caller and us); it is then sent at once.</summary>
    public static readonly TimeSpan ScheduleClockSkew = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest stored message (JSON, attachments base64) of a scheduled send: a DynamoDB item is at most 400 KB
    /// with its other attributes, so the same limit holds on every store.
    /// </summary>
    public const int MaxScheduledContentBytes = 390_000;
}
