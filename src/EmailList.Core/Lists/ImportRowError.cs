namespace EmailList.Core.Lists;

/// <summary>One row that was skipped, by its line in the uploaded file (the header is line 1).</summary>
public sealed record ImportRowError(int Line, string Reason, string Message);
