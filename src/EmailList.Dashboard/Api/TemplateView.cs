namespace EmailList.Dashboard.Api;

public sealed record TemplateView(string Name, int Version, string Subject, string? Html, string? Text, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
