namespace EmailList.Dashboard.Api;

public sealed record TemplateSummaryView(string Name, int Version, string Subject, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
