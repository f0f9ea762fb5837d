namespace EmailList.Dashboard.Api;

public sealed record ImportResultView(int Imported, int Skipped, IReadOnlyList<ImportRowErrorView> Errors, bool ErrorsTruncated, string Note);
