namespace EmailList.Core.Scheduling;

/// <summary>The result of rescheduling or cancelling: the mail as it is now, or why nothing changed.</summary>
public sealed record ScheduledMailChange(ScheduledMailChangeStatus Status, ScheduledMail? Mail)
{
    public static ScheduledMailChange NotFound { get; } = new(ScheduledMailChangeStatus.NotFound, null);
}

public enum ScheduledMailChangeStatus
{
    Changed,

    /// <summary>No such mail for this tenant (another tenant's id is not found either).</summary>
    NotFound,

    /// <summary>It is no longer scheduled (being sent, sent, cancelled or failed); <see cref="ScheduledMailChange.Mail"/> says which.</summary>
    TooLate,
}
