namespace EmailList.Core.Lists;

/// <param name="Cursor">From the previous page's NextCursor; bound to the tenant.</param>
public sealed record ListQuery(int Limit = 50, string? Cursor = null);

/// <param name="NextCursor">Null on the last page.</param>
public sealed record ListPage(IReadOnlyList<MailingList> Items, string? NextCursor);
