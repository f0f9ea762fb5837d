namespace EmailList.QueryApi.Suppression;

/// <param name="Errors">Why each skipped row was skipped, by line; at most <see cref="SuppressionCsvImport.MaxReportedErrors"/>.</param>
internal sealed record ImportResponse(int Imported, int Skipped, IReadOnlyList<ImportRowError> Errors, bool ErrorsTruncated, string Note);
