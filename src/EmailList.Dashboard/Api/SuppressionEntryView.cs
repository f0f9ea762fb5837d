namespace EmailList.Dashboard.Api;

public sealed record SuppressionEntryView(string Email, string Reason, string Source, DateTimeOffset CreatedAt);
