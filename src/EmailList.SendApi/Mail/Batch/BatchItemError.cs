using System.Text.Json.Serialization;

namespace EmailList.SendApi.Mail.Batch;

/// <summary>
/// An item of a batch that was not sent: its index, a one-line <see cref="Message"/> (Resend's shape), and the
/// ProblemDetails POST /mail would have answered for it (status, title, the invalid fields, the suppressed recipients,
/// and for a retryable failure the seconds to wait).
/// </summary>
public sealed record BatchItemError(
    int Index,
    string Message,
    int Status,
    string Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Suppressed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfterSeconds = null);
