namespace EmailList.QueryApi.Suppression;

/// <param name="Line">The line the record starts on (1-based).</param>
/// <param name="Error">Set when the input could not be read from here on.</param>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error);
