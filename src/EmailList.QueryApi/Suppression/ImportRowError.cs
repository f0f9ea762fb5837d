namespace EmailList.QueryApi.Suppression;

/// <param name="Line">The line of the CSV file (1 is the header) where the skipped row starts.</param>
internal sealed record ImportRowError(int Line, string Error);
