using System.Globalization;
using EmailList.Core.Events;
using EmailList.QueryApi.Http;

namespace EmailList.QueryApi.Events;

/// <summary>GET /events's filters as validated; <see cref="Fingerprint"/> names the query a cursor is bound to.</summary>
internal sealed record EventFilter(
    TimeWindow Window,
    IReadOnlySet<SesEventType>? Types,
    string? Recipient,
    string? MessageId,
    string? TagName,
    string? TagValue,
    int Limit,
    string? Cursor,
    IReadOnlyList<EventTagFilter> RequiredTags)
{
    /// <summary>
    /// Everything but the limit and cursor, in one canonical form; a preset by name, since its bounds travel in the cursor.
    /// The template and broadcast tags are appended only when given, so cursors issued before they existed stay valid.
    /// </summary>
    public string Fingerprint =>
        string.Join('\n',
            "events",
            Types is null ? "" : string.Join(',', Types.Order().Select(t => t.ToString())),
            Recipient ?? "",
            MessageId ?? "",
            TagName ?? "",
            TagValue ?? "",
            Window.Preset ?? "",
            Window.From?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "",
            Window.To?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "")
        + (RequiredTags.Count == 0 ? "" : "\n" + string.Join(',', RequiredTags.Select(tag => tag.Name + "=" + tag.Value)));
}
