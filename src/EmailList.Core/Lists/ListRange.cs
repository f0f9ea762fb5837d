using EmailList.Core.Identifiers;
using EmailList.Core.Paging;

namespace EmailList.Core.Lists;

/// <summary>
/// A <see cref="ListQuery"/> checked and read the same way by every <see cref="IListStore"/>: the lists after the cursor's
/// id, at most <see cref="Limit"/>. The cursor is base64url of "lists, tenant id, last id", so a cursor handed to one
/// tenant is refused when another presents it.
/// </summary>
public sealed record ListRange
{
    public const int MaxPageSize = 100;

    private ListRange(string tenantId, int limit, string? after)
    {
        TenantId = tenantId;
        Limit = limit;
        After = after;
    }

    public string TenantId { get; }

    public int Limit { get; }

    /// <summary>The last id of the previous page; the range starts after it.</summary>
    public string? After { get; }

    /// <summary>How many lists a store reads: one more than asked for tells whether another page exists.</summary>
    public int Take => Limit + 1;

    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>; <see cref="ArgumentException"/>
    /// for a cursor not handed out to this tenant.
    /// </summary>
    public static ListRange From(string tenantId, ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxPageSize, nameof(query));
        return new ListRange(tenantId, query.Limit, query.Cursor is null ? null : Decode(tenantId, query.Cursor));
    }

    /// <summary>The page of up to <see cref="Take"/> lists read in id order (ordinal), with a cursor when more follow.</summary>
    public ListPage ToPage(List<MailingList> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Count <= Limit)
        {
            return new ListPage(read, null);
        }

        read.RemoveRange(Limit, read.Count - Limit);
        return new ListPage(read, CursorText.Encode("lists\n" + TenantId + "\n" + read[^1].Id));
    }

    private static string Decode(string tenantId, string cursor)
    {
        var parts = CursorText.Decode(cursor, nameof(cursor)).Split('\n');
        if (parts.Length != 3 || parts[0] != "lists" || !RandomId.IsWellFormed(ListIds.List, parts[2]))
        {
            throw new ArgumentException(CursorText.Invalid, nameof(cursor));
        }

        return parts[1] == tenantId ? parts[2] : throw new ArgumentException(CursorText.OtherListing, nameof(cursor));
    }
}
