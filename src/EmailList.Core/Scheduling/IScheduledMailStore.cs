namespace EmailList.Core.Scheduling;

/// <summary>
/// Durable scheduled mail and the claims the dispatcher takes on it. Tenant-facing calls are scoped to one tenant;
/// the claim calls serve every tenant, fairly: one tenant's million due mails do not hold back another's one.
/// </summary>
public interface IScheduledMailStore
{
    /// <summary>Stores a new mail with status Scheduled. Ids are unique: adding an existing id throws.</summary>
    Task AddAsync(ScheduledMail mail, CancellationToken cancellationToken);

    /// <summary>
    /// Stores those of <paramref name="mails"/> whose id the tenant does not have yet, status Scheduled, and ignores the
    /// others (a broadcast's ids are derived from broadcast and contact, so queuing a contact twice is a no-op). The
    /// count stored.
    /// </summary>
    Task<int> AddManyAsync(IReadOnlyList<ScheduledMail> mails, CancellationToken cancellationToken);

    Task<ScheduledMail?> GetAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>Moves a mail that is still Scheduled to <paramref name="scheduledAt"/>.</summary>
    Task<ScheduledMailChange> RescheduleAsync(string tenantId, string id, DateTimeOffset scheduledAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Cancels a mail that is still Scheduled.</summary>
    Task<ScheduledMailChange> CancelAsync(string tenantId, string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> mails that are ready at <paramref name="now"/> (Scheduled and due, or
    /// Sending with a lease that has run out), at most <paramref name="perTenantLimit"/> per tenant, earliest first:
    /// each becomes Sending, owned by <paramref name="owner"/> until now + <paramref name="lease"/>, its Attempts
    /// counted. Two instances never hold the same mail at once.
    /// </summary>
    Task<IReadOnlyList<ScheduledMailClaim>> ClaimDueAsync(
        DateTimeOffset now, int limit, int perTenantLimit, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Marks a claimed mail Sent; false when the claim was lost (the lease ran out and another took it).</summary>
    Task<bool> MarkSentAsync(ScheduledMailClaim claim, string messageId, IReadOnlyList<string> suppressed, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks a claimed mail Failed with the reason; false when the claim was lost.</summary>
    Task<bool> MarkFailedAsync(ScheduledMailClaim claim, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a claimed mail back, to be claimed again from <paramref name="notBefore"/> (SES throttled it, or this
    /// instance is stopping); its ScheduledAt is unchanged. False when the claim was lost.
    /// </summary>
    Task<bool> ReleaseAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>Marks a claimed mail Skipped (deliberately not sent) with the reason; false when the claim was lost.</summary>
    Task<bool> MarkSkippedAsync(ScheduledMailClaim claim, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a claimed mail back like <see cref="ReleaseAsync"/> but without counting this claim as an attempt: it was
    /// not tried (its broadcast is paused, the daily quota is spent). False when the claim was lost.
    /// </summary>
    Task<bool> DeferAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Writes down, just before the SES call, that this claim is handing the mail to SES (<see cref="ScheduledMail.HandedToSesAt"/>
    /// = <paramref name="now"/>); cleared by <see cref="ReleaseAsync"/> and <see cref="DeferAsync"/> (SES answered
    /// without sending it). False when the claim was lost: then it must not be sent.
    /// </summary>
    Task<bool> MarkHandedToSesAsync(ScheduledMailClaim claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Leaves a claimed mail whose SES hand-off is unconfirmed Sending, held by no instance, until <paramref name="until"/>,
    /// so its Send event can arrive and mark it Sent first; then it is claimed again (not counted as an attempt), keeping
    /// <see cref="ScheduledMail.HandedToSesAt"/>. It cannot be rescheduled or cancelled meanwhile. False when the claim was lost.
    /// </summary>
    Task<bool> AwaitAcceptanceAsync(ScheduledMailClaim claim, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Records that SES accepted the tenant's mail as <paramref name="messageId"/> (an SES event carrying its
    /// <see cref="Mail.MessageTags.ScheduledMail"/> tag came back): a mail that is Sending (whoever holds it), or that was
    /// handed to SES without a recorded answer (<see cref="ScheduledMail.HandedToSesAt"/>) and is Scheduled or Failed
    /// since, becomes Sent with that message id and no claim. Anything else is left alone, so repeating it is harmless.
    /// Scoped to <paramref name="tenantId"/>: another tenant's mail of the same id is never touched. True when it changed.
    /// </summary>
    Task<bool> ObserveAcceptedAsync(string tenantId, string id, string messageId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>How many of the tenant's mails of the broadcast are in each status; statuses with none are absent.</summary>
    Task<IReadOnlyDictionary<ScheduledMailStatus, int>> CountBroadcastAsync(string tenantId, string broadcastId, CancellationToken cancellationToken);
}
