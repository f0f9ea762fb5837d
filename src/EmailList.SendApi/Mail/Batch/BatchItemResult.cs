using System.Text.Json.Serialization;

namespace EmailList.SendApi.Mail.Batch;

/// <summary>An item of a batch that was sent (SES's message id) or scheduled (our <c>sm_…</c> id), as POST /mail answers it, with its index.</summary>
public sealed record BatchItemResult(
    int Index,
    string Id,
    IReadOnlyList<string> Suppressed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ScheduledAt = null);
