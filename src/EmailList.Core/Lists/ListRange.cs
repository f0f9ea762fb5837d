using EmailList.Core.Identifiers;
using EmailList.Core.Paging;

namespace EmailList.Core.Lists;

/// <summary>
/// A <see cref="ListQuery"/> checked and read the same way by every <see cref="IListStore"/>: the lists after the cursor's
/// id, at most <see cref="Limit"/>, the cursor bound to the tenant (<see cref="KeyRange"/>).
/// </summary>
public sealed class ListRange
{
    public const int MaxPageSize = KeyRange.MaxPageSize;

    private readonly KeyRange _range;

    private ListRange(KeyRange range) => _range = range;

    public string TenantId => _range.TenantId;

    public int Limit => _range.Limit;

    /// <summary>The last id of the previous page; the range starts after it.</summary>
    public string? After => _range.After;

    /// <summary>How many lists a store reads: one more than asked for tells whether another page exists.</summary>
    public int Take => _range.Take;

    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>; <see cref="ArgumentException"/>
    /// for a cursor not handed out to this tenant.
    /// </summary>
    public static ListRange From(string tenantId, ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new ListRange(KeyRange.From("lists", tenantId, query.Limit, query.Cursor, id => RandomId.IsWellFormed(ListIds.List, id)));
    }

    /// <summary>The page of up to <see cref="Take"/> lists read in id order (ordinal), with a cursor when more follow.</summary>
    public ListPage ToPage(List<MailingList> read) => new(read, _range.Page(read, l => l.Id));
}
