using EmailList.Core.Paging;

namespace EmailList.Core.Templates;

/// <summary>
/// A <see cref="TemplateQuery"/> checked and read the same way by every <see cref="ITemplateStore"/>: the names after the
/// cursor's, at most <see cref="Limit"/>. The cursor is base64url of "tenant id, newline, last name", so a cursor handed
/// to one tenant is refused when another presents it.
/// </summary>
public sealed record TemplateRange
{
    public const int MaxPageSize = 100;

    private TemplateRange(string tenantId, int limit, string? after)
    {
        TenantId = tenantId;
        Limit = limit;
        After = after;
    }

    public string TenantId { get; }

    public int Limit { get; }

    /// <summary>The last name of the previous page; the range starts after it.</summary>
    public string? After { get; }

    /// <summary>How many templates a store reads: one more than asked for tells whether another page exists.</summary>
    public int Take => Limit + 1;

    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>; <see cref="ArgumentException"/>
    /// for a cursor not handed out to this tenant.
    /// </summary>
    public static TemplateRange From(string tenantId, TemplateQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxPageSize, nameof(query));
        return new TemplateRange(tenantId, query.Limit, query.Cursor is null ? null : Decode(tenantId, query.Cursor));
    }

    /// <summary>The page of up to <see cref="Take"/> templates read in name order, with a cursor when more follow.</summary>
    public TemplatePage ToPage(List<Template> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Count <= Limit)
        {
            return new TemplatePage(read, null);
        }

        read.RemoveRange(Limit, read.Count - Limit);
        return new TemplatePage(read, CursorText.Encode("templates\n" + TenantId + "\n" + read[^1].Name));
    }

    private static string Decode(string tenantId, string cursor)
    {
        var parts = CursorText.Decode(cursor, nameof(cursor)).Split('\n');
        if (parts.Length != 3 || parts[0] != "templates" || !TemplateName.IsValid(parts[2]))
        {
            throw new ArgumentException(CursorText.Invalid, nameof(cursor));
        }

        return parts[1] == tenantId ? parts[2] : throw new ArgumentException(CursorText.OtherListing, nameof(cursor));
    }
}
