using System.Text.Json.Serialization;

namespace EmailList.SendApi.Mail;

/// <param name="Id">SES's message id; for a scheduled send, ours (<c>sm_…</c>), for GET/PATCH/DELETE /mail/{id}.</param>
/// <param name="Suppressed">Recipients that were not sent to because they are on the suppression list (a scheduled send
/// checks them when it is sent: GET /mail/{id} says).</param>
/// <param name="Status">Only for a scheduled send: <c>scheduled</c>.</param>
/// <param name="ScheduledAt">Only for a scheduled send: when it will be sent (UTC).</param>
public sealed record SendMailResponse(
    string Id,
    IReadOnlyList<string> Suppressed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ScheduledAt = null);
