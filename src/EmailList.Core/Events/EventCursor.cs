using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EmailList.Core.Paging;

namespace EmailList.Core.Events;

/// <summary>
/// An event listing position: base64url of "e1, tenant id, query fingerprint, occurred-at text, event id",
/// newline-separated. The tenant and the fingerprint of the query's filters let a cursor presented by another
/// tenant, or with other filters, be refused instead of resuming somewhere meaningless. Shared by every
/// <see cref="IEventStore"/>, each writing the occurred-at text in its own sortable form.
/// </summary>
public static class EventCursor
{
    private const string Version = "e1";

    public static string Encode(string tenantId, EventQuery query, string occurredAt, string eventId) =>
        CursorText.Encode(string.Join('\n', Version, tenantId, Fingerprint(query), occurredAt, eventId));

    /// <summary>The last event of the previous page; <see cref="ArgumentException"/> for a cursor not issued for this tenant and query.</summary>
    public static (string OccurredAt, string EventId) Decode(string tenantId, EventQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = CursorText.Decode(query.Cursor, nameof(query));
        var parts = text.Split('\n');
        if (parts.Length != 5 || parts[0] != Version || parts[3].Length == 0 || parts[4].Length == 0)
        {
            throw new ArgumentException(CursorText.Invalid, nameof(query));
        }

        if (parts[1] != tenantId || parts[2] != Fingerprint(query))
        {
            throw new ArgumentException(CursorText.OtherListing, nameof(query));
        }

        return (parts[3], parts[4]);
    }

    /// <summary>A short hash of the filters (not the limit or cursor): a page size may change between pages, a filter may not.</summary>
    private static string Fingerprint(EventQuery query)
    {
        var types = query.Types is null ? "" : string.Join(',', query.Types.Select(type => type.ToString()).Order(StringComparer.Ordinal));
        var text = string.Join('\u001f',
            query.From?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "",
            query.To?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "",
            types,
            query.Recipient ?? "",
            query.MessageId ?? "",
            query.TagName ?? "",
            query.TagValue ?? "");
        if (query.RequiredTags is { Count: > 0 } required)
        {
            // Appended only when given, so a cursor issued before required tags existed still resumes.
            text += '\u001f' + string.Join('\u001e', required.Select(tag => tag.Name + "=" + tag.Value).Order(StringComparer.Ordinal));
        }

        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 9));
    }
}
