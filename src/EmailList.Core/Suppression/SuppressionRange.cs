namespace EmailList.Core.Suppression;

/// <summary>
/// A <see cref="SuppressionQuery"/> checked and read the same way by every <see cref="ISuppressionStore"/>: the
/// addresses after the cursor's, those starting with the lower-cased prefix, at most <see cref="Limit"/> of them.
/// </summary>
public sealed record SuppressionRange
{
    public const int MaxPageSize = 1000;

    private SuppressionRange(string tenantId, SuppressionQuery query, string? after, string? prefix)
    {
        TenantId = tenantId;
        Reason = query.Reason;
        Limit = query.Limit;
        After = after;
        Prefix = prefix;
    }

    public string TenantId { get; }

    public SuppressionReason? Reason { get; }

    public int Limit { get; }

    /// <summary>The last address of the previous page; the range starts after it.</summary>
    public string? After { get; }

    /// <summary>The normalized (lower-case) address prefix, or null for every address.</summary>
    public string? Prefix { get; }

    /// <summary>How many entries a store reads: one more than asked for tells whether another page exists.</summary>
    public int Take => Limit + 1;

    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>; <see cref="ArgumentException"/>
    /// for a cursor not handed out for this tenant and prefix.
    /// </summary>
    public static SuppressionRange From(string tenantId, SuppressionQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxPageSize, nameof(query));
        var after = query.Cursor is null ? null : SuppressionCursor.Decode(tenantId, query.Cursor);
        var prefix = string.IsNullOrEmpty(query.AddressPrefix) ? null : query.AddressPrefix.ToLowerInvariant();
        if (after is not null && prefix is not null && !after.StartsWith(prefix, StringComparison.Ordinal))
        {
            // A store would start outside the prefix (DynamoDB rejects such a start key): one answer for every store.
            throw new ArgumentException("The cursor belongs to a listing with another address prefix; start again without a cursor.", nameof(query));
        }

        return new SuppressionRange(tenantId, query, after, prefix);
    }

    /// <summary>The page of up to <see cref="Take"/> entries read in address order, with a cursor when more follow.</summary>
    public SuppressionPage ToPage(List<SuppressionEntry> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Count <= Limit)
        {
            return new SuppressionPage(read, null);
        }

        read.RemoveRange(Limit, read.Count - Limit);
        return new SuppressionPage(read, SuppressionCursor.Encode(TenantId, read[^1].Email));
    }
}
