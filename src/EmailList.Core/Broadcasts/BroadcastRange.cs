using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Paging;

namespace EmailList.Core.Broadcasts;

/// <summary>
/// A <see cref="BroadcastQuery"/> read the same way by every <see cref="IBroadcastStore"/>: ids after the cursor's, at
/// most <see cref="Limit"/>, the cursor bound to the tenant (<see cref="KeyRange"/>).
/// </summary>
public sealed class BroadcastRange
{
    public const int MaxPageSize = KeyRange.MaxPageSize;

    private readonly KeyRange _range;

    private BroadcastRange(KeyRange range) => _range = range;

    public string TenantId => _range.TenantId;

    public int Limit => _range.Limit;

    /// <summary>The last id of the previous page.</summary>
    public string? After => _range.After;

    /// <summary>One more than asked for tells whether another page exists.</summary>
    public int Take => _range.Take;

    /// <summary><see cref="ArgumentOutOfRangeException"/> for a bad limit; <see cref="ArgumentException"/> for a cursor not handed to this tenant.</summary>
    public static BroadcastRange From(string tenantId, BroadcastQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new BroadcastRange(KeyRange.From("broadcasts", tenantId, query.Limit, query.Cursor, id => RandomId.IsWellFormed(ListIds.Broadcast, id)));
    }

    public BroadcastPage ToPage(List<Broadcast> read) => new(read, _range.Page(read, b => b.Id));
}
