namespace EmailList.Dashboard.Api;

public sealed record ContactPageView(IReadOnlyList<ContactView> Items, string? NextCursor);
