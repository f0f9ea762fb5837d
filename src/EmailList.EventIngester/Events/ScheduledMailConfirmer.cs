using EmailList.Core.Events;
using EmailList.Core.Mail;
using EmailList.Core.Scheduling;

namespace EmailList.EventIngester.Events;

/// <summary>
/// Marks a scheduled mail Sent when an SES event of its message comes back and the dispatcher had not recorded the
/// send (it died between SES accepting the message and MarkSent, or SES did not answer in time). Any event type that
/// carries the mail's el_mail tag proves SES accepted the message: SES publishes events only for messages it accepted.
/// Scoped to the tenant the event was attributed to, so a tag naming another tenant's mail finds nothing. Safe to
/// repeat: a mail already Sent (or never handed to SES) is left alone.
/// </summary>
public sealed class ScheduledMailConfirmer(IScheduledMailStore mails, IngesterMetrics metrics, ILogger<ScheduledMailConfirmer> logger)
{
    public async Task ApplyAsync(SesEvent sesEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sesEvent);
        if (!sesEvent.Tags.TryGetValue(MessageTags.ScheduledMail, out var values) || values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is not { } mailId)
        {
            return; // not scheduled mail
        }

        if (!ScheduledMailId.IsWellFormed(mailId))
        {
            ScheduledMailTagMalformed(sesEvent);
            return;
        }

        // mail.timestamp is when SES accepted it; every event of the message carries the same one.
        var sentAt = sesEvent.SentAt ?? sesEvent.OccurredAt;
        if (await mails.ObserveAcceptedAsync(sesEvent.TenantId, mailId, sesEvent.MessageId, sentAt, cancellationToken))
        {
            metrics.ScheduledMailConfirmed();
            IngesterLog.ScheduledMailConfirmed(logger, sesEvent.TenantId, sesEvent.EventId, mailId, sesEvent.MessageId);
        }
    }

    private void ScheduledMailTagMalformed(SesEvent sesEvent) => IngesterLog.ScheduledMailTagMalformed(logger, sesEvent.TenantId, sesEvent.EventId);
}
