namespace EmailList.Dashboard.Api;

public sealed record ImportRowErrorView(int Line, string Error);
