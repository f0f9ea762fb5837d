using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EmailList.Core.Mail;
using EmailList.Core.Scheduling;
using EmailList.Core.Tenants;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Mail;

/// <summary>
/// Scheduled sends: a validated message stored (<see cref="StoredMailMessage"/>) for the dispatcher instead of sent,
/// and the tenant's reading, rescheduling and cancelling of it. Suppression and the tenant's state are checked when
/// it is sent, not here.
/// </summary>
public sealed partial class MailScheduler(IScheduledMailStore store, TimeProvider time)
{
    public const string ScheduledAtField = "scheduledAt";

    /// <summary>
    /// The scheduled send to store, or the refusal: the time (400 naming scheduledAt) or the stored size (413). Nothing
    /// is stored yet, so a batch can check every item before it keeps any.
    /// </summary>
    public (ScheduledMail? Mail, ValidationProblem? Invalid, ProblemHttpResult? TooLarge) Prepare(
        Tenant tenant, string scheduledAtText, MailMessage message)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow();
        var scheduledAt = ParseScheduledAt(scheduledAtText, now);
        if (scheduledAt.Problem is { } problem)
        {
            return (null, problem, null);
        }

        var content = StoredMailMessage.Serialize(message);
        var bytes = Encoding.UTF8.GetByteCount(content);
        if (bytes > MailLimits.MaxScheduledContentBytes)
        {
            return (null, null, Problems.Create(StatusCodes.Status413PayloadTooLarge, "Scheduled message too large",
                $"A scheduled message is stored until its time, up to {MailLimits.MaxScheduledContentBytes} bytes with attachments base64-encoded; "
                + $"this one is {bytes}. Send it now (without scheduledAt), or link to large attachments instead of attaching them."));
        }

        return (new ScheduledMail
        {
            TenantId = tenant.Id,
            Id = ScheduledMailId.New(),
            ScheduledAt = scheduledAt.Value,
            Content = content,
            Recipients = message.AllRecipients.Count(),
            CreatedAt = now,
            UpdatedAt = now,
        }, null, null);
    }

    /// <summary>Stores a scheduled send from <see cref="Prepare"/> and answers with its id.</summary>
    public async Task<Ok<SendMailResponse>> ScheduleAsync(ScheduledMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        await store.AddAsync(mail, cancellationToken);
        return TypedResults.Ok(new SendMailResponse(mail.Id, [], ScheduledMailResponse.StatusName(mail.Status), mail.ScheduledAt));
    }

    public async Task<Results<Ok<ScheduledMailResponse>, ProblemHttpResult>> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        ScheduledMailId.IsWellFormed(id) && await store.GetAsync(tenantId, id, cancellationToken) is { } mail
            ? TypedResults.Ok(ScheduledMailResponse.From(mail))
            : NotFound(id);

    public async Task<Results<Ok<ScheduledMailResponse>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(
        string tenantId, string id, string? scheduledAtText, CancellationToken cancellationToken)
    {
        if (!ScheduledMailId.IsWellFormed(id))
        {
            return NotFound(id);
        }

        var now = time.GetUtcNow();
        var scheduledAt = ParseScheduledAt(scheduledAtText, now);
        if (scheduledAt.Problem is { } problem)
        {
            return problem;
        }

        if (await BroadcastOfAsync(tenantId, id, "rescheduled", cancellationToken) is { } refused)
        {
            return refused;
        }

        return Answer(await store.RescheduleAsync(tenantId, id, scheduledAt.Value, now, cancellationToken), id, "rescheduled");
    }

    public async Task<Results<Ok<ScheduledMailResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!ScheduledMailId.IsWellFormed(id))
        {
            return NotFound(id);
        }

        if (await BroadcastOfAsync(tenantId, id, "cancelled", cancellationToken) is { } refused)
        {
            return refused;
        }

        return Answer(await store.CancelAsync(tenantId, id, time.GetUtcNow(), cancellationToken), id, "cancelled");
    }

    /// <summary>
    /// The refusal for a broadcast's mail: its broadcast owns it (progress counts it, pause and cancel act on it), so one
    /// recipient's mail is not changed behind the broadcast's back. Whether a mail belongs to a broadcast never changes.
    /// </summary>
    private async Task<ProblemHttpResult?> BroadcastOfAsync(string tenantId, string id, string verb, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, id, cancellationToken) is { BroadcastId: { } broadcastId }
            ? Problems.Create(StatusCodes.Status409Conflict, "Part of a broadcast",
                $"The mail {id} belongs to broadcast {broadcastId}, so it cannot be {verb} on its own; POST /broadcasts/{broadcastId}/pause or POST /broadcasts/{broadcastId}/cancel instead (to stop one recipient's mail, unsubscribe or suppress the contact).",
                new Dictionary<string, object?> { ["broadcastId"] = broadcastId })
            : null;

    /// <summary>The time, in UTC, or the refusal naming the field; the rules of POST /mail and PATCH /mail/{id}.</summary>
    internal static ScheduledAtParse ParseScheduledAt(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ScheduledAtParse.Refused("is required: an ISO-8601 time with an offset, e.g. 2026-05-04T09:00:00+02:00 or 2026-05-04T07:00:00Z.");
        }

        if (!IsoWithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return ScheduledAtParse.Refused(
                $"'{(text.Length > 40 ? text[..40] + "…" : text)}' is not an ISO-8601 time with an offset; write e.g. 2026-05-04T09:00:00+02:00 or 2026-05-04T07:00:00Z (a time without an offset is ambiguous).");
        }

        var utc = value.ToUniversalTime();
        if (utc < now - MailLimits.ScheduleClockSkew)
        {
            return ScheduledAtParse.Refused(
                $"{utc:yyyy-MM-dd'T'HH:mm:ss'Z'} is in the past (it is now {now:yyyy-MM-dd'T'HH:mm:ss'Z'}); give a future time, or leave scheduledAt out to send now.");
        }

        if (utc > now + MailLimits.MaxScheduleAhead)
        {
            return ScheduledAtParse.Refused(
                $"{utc:yyyy-MM-dd'T'HH:mm:ss'Z'} is more than {MailLimits.MaxScheduleAhead.TotalDays:0} days ahead; schedule it no later than {(now + MailLimits.MaxScheduleAhead):yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        return new ScheduledAtParse(utc, null);
    }

    private static Results<Ok<ScheduledMailResponse>, ValidationProblem, ProblemHttpResult> Answer(ScheduledMailChange change, string id, string verb) => change.Status switch
    {
        ScheduledMailChangeStatus.Changed => TypedResults.Ok(ScheduledMailResponse.From(change.Mail!)),
        ScheduledMailChangeStatus.TooLate => Problems.Create(StatusCodes.Status409Conflict, "Too late to change",
            $"The mail {id} is already {ScheduledMailResponse.StatusName(change.Mail!.Status)}, so it cannot be {verb}; only a scheduled mail can. GET /mail/{id} shows it.",
            new Dictionary<string, object?> { ["status"] = ScheduledMailResponse.StatusName(change.Mail.Status) }),
        _ => NotFound(id),
    };

    private static ProblemHttpResult NotFound(string id) =>
        Problems.Create(StatusCodes.Status404NotFound, "No such scheduled mail",
            $"This tenant has no scheduled mail with id '{(id.Length > 40 ? id[..40] + "…" : id)}'; use the id (sm_ and 26 characters) that POST /mail answered with scheduledAt.");

    // Date, 'T', hours and minutes, optional seconds and fraction, then Z or ±hh:mm: ISO-8601 extended form (RFC 3339).
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();

    internal sealed record ScheduledAtParse(DateTimeOffset Value, ValidationProblem? Problem)
    {
        public static ScheduledAtParse Refused(string message) =>
            new(default, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [ScheduledAtField] = [message] }, title: "The scheduled time is not valid"));
    }
}
