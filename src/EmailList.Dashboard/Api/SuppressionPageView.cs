namespace EmailList.Dashboard.Api;

public sealed record SuppressionPageView(IReadOnlyList<SuppressionEntryView> Items, string? NextCursor);
