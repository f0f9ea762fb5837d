namespace EmailList.Dashboard.Api;

public sealed record EventPageView(IReadOnlyList<EventView> Items, string? NextCursor);
