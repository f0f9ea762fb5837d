namespace EmailList.Core.Paging;

/// <summary>
/// What every listing "by key within one tenant" checks and reads the same way (templates by name, lists and broadcasts
/// by id): a limit of 1-<see cref="MaxPageSize"/>, and a cursor that is base64url of "listing, tenant id, last key", so
/// a cursor handed to one tenant, or from another listing, is refused.
/// </summary>
internal sealed class KeyRange
{
    public const int MaxPageSize = 100;

    private readonly string _listing;

    private KeyRange(string listing, string tenantId, int limit, string? after)
    {
        _listing = listing;
        TenantId = tenantId;
        Limit = limit;
        After = after;
    }

    public string TenantId { get; }

    public int Limit { get; }

    /// <summary>The last key of the previous page; the range starts after it.</summary>
    public string? After { get; }

    /// <summary>How many items a store reads: one more than asked for tells whether another page exists.</summary>
    public int Take => Limit + 1;

    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> (for "query") for a limit outside 1-<see cref="MaxPageSize"/>;
    /// <see cref="ArgumentException"/> (for "cursor") for a cursor not handed out by this listing to this tenant.
    /// </summary>
    public static KeyRange From(string listing, string tenantId, int limit, string? cursor, Func<string, bool> isKey)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, "query");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize, "query");
        return new KeyRange(listing, tenantId, limit, cursor is null ? null : Decode(listing, tenantId, cursor, isKey));
    }

    /// <summary>Cuts up to <see cref="Take"/> items read in key order to the page; the cursor when more follow, else null.</summary>
    public string? Page<T>(List<T> read, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Count <= Limit)
        {
            return null;
        }

        read.RemoveRange(Limit, read.Count - Limit);
        return CursorText.Encode(_listing + "\n" + TenantId + "\n" + key(read[^1]));
    }

    private static string Decode(string listing, string tenantId, string cursor, Func<string, bool> isKey)
    {
        var parts = CursorText.Decode(cursor, nameof(cursor)).Split('\n');
        if (parts.Length != 3 || parts[0] != listing || !isKey(parts[2]))
        {
            throw new ArgumentException(CursorText.Invalid, nameof(cursor));
        }

        return parts[1] == tenantId ? parts[2] : throw new ArgumentException(CursorText.OtherListing, nameof(cursor));
    }
}
