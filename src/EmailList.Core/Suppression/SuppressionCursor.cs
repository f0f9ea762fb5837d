using EmailList.Core.Paging;

namespace EmailList.Core.Suppression;

/// <summary>
/// A suppression listing position: base64url of "tenant id, newline, last address". Carrying the tenant lets a
/// cursor handed to one tenant be refused when another presents it. Shared by every <see cref="ISuppressionStore"/>.
/// </summary>
public static class SuppressionCursor
{
    public static string Encode(string tenantId, string lastEmail) => CursorText.Encode(tenantId + "\n" + lastEmail);

    /// <summary>The last address of the previous page; <see cref="ArgumentException"/> for a cursor not issued to this tenant.</summary>
    public static string Decode(string tenantId, string cursor)
    {
        var text = CursorText.Decode(cursor, nameof(cursor));
        var separator = text.IndexOf('\n', StringComparison.Ordinal);
        if (separator <= 0 || separator == text.Length - 1)
        {
            throw new ArgumentException(CursorText.Invalid, nameof(cursor));
        }

        if (!text.AsSpan(0, separator).SequenceEqual(tenantId))
        {
            throw new ArgumentException(CursorText.OtherListing, nameof(cursor));
        }

        return text[(separator + 1)..];
    }
}
