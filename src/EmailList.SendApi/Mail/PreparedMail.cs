using EmailList.Core.Mail;
using EmailList.Core.Scheduling;

namespace EmailList.SendApi.Mail;

/// <summary>
/// A submitted message that passed every check (template rendered, validated, scheduled time and stored size
/// checked) and is ready to deliver: sent now, or stored as <see cref="Scheduled"/> when it has a scheduledAt.
/// </summary>
public sealed record PreparedMail(MailMessage Message, ScheduledMail? Scheduled)
{
    public int Recipients => Message.AllRecipients.Count();
}
