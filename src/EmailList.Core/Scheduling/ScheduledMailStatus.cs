namespace EmailList.Core.Scheduling;

public enum ScheduledMailStatus
{
    /// <summary>Waiting for its time (or, after SES throttled it, for its next attempt).</summary>
    Scheduled,

    /// <summary>Claimed by a dispatcher instance, which holds a lease; if the lease runs out the mail is claimed again.</summary>
    Sending,

    Sent,
    Cancelled,

    /// <summary>Not sent and never will be; <see cref="ScheduledMail.FailureReason"/> says why.</summary>
    Failed,

    /// <summary>A broadcast's mail deliberately not sent (unsubscribed since it was queued, suppressed, the broadcast cancelled); <see cref="ScheduledMail.FailureReason"/> says why.</summary>
    Skipped,
}
