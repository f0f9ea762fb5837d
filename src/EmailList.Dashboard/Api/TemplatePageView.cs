namespace EmailList.Dashboard.Api;

public sealed record TemplatePageView(IReadOnlyList<TemplateSummaryView> Items, string? NextCursor);
