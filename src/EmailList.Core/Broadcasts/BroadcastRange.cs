using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Paging;

namespace EmailList.Core.Broadcasts;

/// <summary>
/// A <see cref="BroadcastQuery"/> read the same way by every <see cref="IBroadcastStore"/>: ids after the cursor's, at
/// most <see cref="Limit"/>. The cursor is base64url of "broadcasts, tenant id, last id", refused for another tenant.
/// </summary>
public sealed record BroadcastRange
{
    public const int MaxPageSize = 100;

    private BroadcastRange(string tenantId, int limit, string? after)
    {
        TenantId = tenantId;
        Limit = limit;
        After = after;
    }

    public string TenantId { get; }

    public int Limit { get; }

    /// <summary>The last id of the previous page.</summary>
    public string? After { get; }

    /// <summary>One more than asked for tells whether another page exists.</summary>
    public int Take => Limit + 1;

    /// <summary><see cref="ArgumentOutOfRangeException"/> for a bad limit; <see cref="ArgumentException"/> for a cursor not handed to this tenant.</summary>
    public static BroadcastRange From(string tenantId, BroadcastQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxPageSize, nameof(query));
        return new BroadcastRange(tenantId, query.Limit, query.Cursor is null ? null : Decode(tenantId, query.Cursor));
    }

    public BroadcastPage ToPage(List<Broadcast> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Count <= Limit)
        {
            return new BroadcastPage(read, null);
        }

        read.RemoveRange(Limit, read.Count - Limit);
        return new BroadcastPage(read, CursorText.Encode("broadcasts\n" + TenantId + "\n" + read[^1].Id));
    }

    private static string Decode(string tenantId, string cursor)
    {
        var parts = CursorText.Decode(cursor, nameof(cursor)).Split('\n');
        if (parts.Length != 3 || parts[0] != "broadcasts" || !RandomId.IsWellFormed(ListIds.Broadcast, parts[2]))
        {
            throw new ArgumentException(CursorText.Invalid, nameof(cursor));
        }

        return parts[1] == tenantId ? parts[2] : throw new ArgumentException(CursorText.OtherListing, nameof(cursor));
    }
}
