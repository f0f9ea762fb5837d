using EmailList.Core.Scheduling;

namespace EmailList.SendApi.Mail;

/// <summary>A scheduled send as GET, PATCH and DELETE /mail/{id} answer it.</summary>
/// <param name="Status"><c>scheduled</c>, <c>sending</c>, <c>sent</c>, <c>cancelled</c>, <c>failed</c> or (a broadcast's mail deliberately not sent) <c>skipped</c>.</param>
/// <param name="MessageId">SES's message id, once sent.</param>
/// <param name="Suppressed">Recipients held back at send time because they were suppressed then.</param>
/// <param name="FailureReason">Why it was not sent (status <c>failed</c> or <c>skipped</c>).</param>
public sealed record ScheduledMailResponse(
    string Id,
    string Status,
    DateTimeOffset ScheduledAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? MessageId,
    IReadOnlyList<string> Suppressed,
    string? FailureReason,
    DateTimeOffset? SentAt)
{
    public static ScheduledMailResponse From(ScheduledMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        return new(mail.Id, StatusName(mail.Status), mail.ScheduledAt, mail.CreatedAt, mail.UpdatedAt, mail.MessageId, mail.Suppressed, mail.FailureReason, mail.SentAt);
    }

    public static string StatusName(ScheduledMailStatus status) => status switch
    {
        ScheduledMailStatus.Scheduled => "scheduled",
        ScheduledMailStatus.Sending => "sending",
        ScheduledMailStatus.Sent => "sent",
        ScheduledMailStatus.Cancelled => "cancelled",
        ScheduledMailStatus.Failed => "failed",
        ScheduledMailStatus.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
