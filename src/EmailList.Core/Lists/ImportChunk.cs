namespace EmailList.Core.Lists;

/// <summary>
/// Consecutive rows of an uploaded file, each one JSON array per line: the row's line number in the file, then its
/// cells in <see cref="ImportJob.Columns"/> order. At most <see cref="MaxBytes"/> of UTF-8, so one DynamoDB item holds it.
/// </summary>
public sealed record ImportChunk(int Index, string Rows)
{
    public const int MaxBytes = 350 * 1024;
}
