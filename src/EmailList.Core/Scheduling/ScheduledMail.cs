namespace EmailList.Core.Scheduling;

/// <summary>A message accepted now and sent by the dispatcher at <see cref="ScheduledAt"/>.</summary>
public sealed record ScheduledMail
{
    public required string TenantId { get; init; }

    /// <summary>Ours, minted at scheduling (<see cref="ScheduledMailId"/>); the tenant uses it with GET/PATCH/DELETE /mail/{id}.</summary>
    public required string Id { get; init; }

    /// <summary>When the tenant asked for it to be sent (UTC).</summary>
    public required DateTimeOffset ScheduledAt { get; init; }

    public ScheduledMailStatus Status { get; init; } = ScheduledMailStatus.Scheduled;

    /// <summary>
    /// The validated, rendered message (<see cref="Mail.StoredMailMessage"/>), as stored; empty for a broadcast's mail,
    /// which is composed when it is sent.
    /// </summary>
    public required string Content { get; init; }

    /// <summary>To + cc + bcc: what the message costs against SES's per-recipient send rate.</summary>
    public required int Recipients { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>How many times a dispatcher has claimed it.</summary>
    public int Attempts { get; init; }

    /// <summary>SES's message id once sent.</summary>
    public string? MessageId { get; init; }

    /// <summary>Recipients held back at send time because they were suppressed then.</summary>
    public IReadOnlyList<string> Suppressed { get; init; } = [];

    /// <summary>Why it was not sent (Failed or Skipped), in words for the tenant.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The broadcast this mail is one recipient of; null for mail scheduled through POST /mail.</summary>
    public string? BroadcastId { get; init; }

    /// <summary>With <see cref="BroadcastId"/>: the contact it goes to.</summary>
    public string? ContactId { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>
    /// When an attempt handed the mail to SES and no answer was written down since (the instance died, or SES did not
    /// answer in time): SES may have accepted it. Such a mail is never handed to SES again; its Send event, carrying
    /// <see cref="Mail.MessageTags.ScheduledMail"/>, marks it Sent (<see cref="IScheduledMailStore.ObserveAcceptedAsync"/>).
    /// </summary>
    public DateTimeOffset? HandedToSesAt { get; init; }
}
