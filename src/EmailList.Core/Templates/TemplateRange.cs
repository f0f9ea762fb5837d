using EmailList.Core.Paging;

namespace EmailList.Core.Templates;

/// <summary>
/// A <see cref="TemplateQuery"/> checked and read the same way by every <see cref="ITemplateStore"/>: the names after the
/// cursor's, at most <see cref="Limit"/>, the cursor bound to the tenant (<see cref="KeyRange"/>).
/// </summary>
public sealed class TemplateRange
{
    public const int MaxPageSize = KeyRange.MaxPageSize;

    private readonly KeyRange _range;

    private TemplateRange(KeyRange range) => _range = range;

    public string TenantId => _range.TenantId;

    public int Limit => _range.Limit;

    /// <summary>The last name of the previous page; the range starts after it.</summary>
    public string? After => _range.After;

    /// <summary>How many templates a store reads: one more than asked for tells whether another page exists.</summary>
    public int Take => _range.Take;

    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>; <see cref="ArgumentException"/>
    /// for a cursor not handed out to this tenant.
    /// </summary>
    public static TemplateRange From(string tenantId, TemplateQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new TemplateRange(KeyRange.From("templates", tenantId, query.Limit, query.Cursor, TemplateName.IsValid));
    }

    /// <summary>The page of up to <see cref="Take"/> templates read in name order, with a cursor when more follow.</summary>
    public TemplatePage ToPage(List<Template> read) => new(read, _range.Page(read, t => t.Name));
}
