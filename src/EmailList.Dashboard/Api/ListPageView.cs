namespace EmailList.Dashboard.Api;

public sealed record ListPageView(IReadOnlyList<ListView> Items, string? NextCursor);
