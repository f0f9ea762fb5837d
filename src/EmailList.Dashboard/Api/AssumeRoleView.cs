namespace EmailList.Dashboard.Api;

public sealed record AssumeRoleView(bool Ok, string? Error, string? Reason);
