using EmailList.Core.Lists;

namespace EmailList.SendApi.Imports;

/// <summary>An import's state and counts; POST /imports answers it queued, GET /imports/{id} as it goes.</summary>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>completed</c> or <c>failed</c>.</param>
/// <param name="Total">Data rows in the file.</param>
/// <param name="Suppressed">Rows imported although the address is suppressed (no mail goes to it); counted in created or updated too.</param>
/// <param name="Skipped">Rows not imported, by reason.</param>
/// <param name="Errors">The first skipped rows, with their line in the file (the header is line 1).</param>
/// <param name="Subscribe">Whether rows become subscribed (a consent statement was given) or pending.</param>
public sealed record ImportResponse(
    string Id,
    string ListId,
    string Status,
    bool Subscribe,
    int Total,
    int Processed,
    int Created,
    int Updated,
    int Suppressed,
    IReadOnlyDictionary<string, int> Skipped,
    IReadOnlyList<ImportRowErrorResponse> Errors,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    private static readonly string[] Reasons =
        [ImportSkipReason.InvalidAddress, ImportSkipReason.Erased, ImportSkipReason.Unsubscribed, ImportSkipReason.AttributesTooLarge];

    public static ImportResponse From(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var progress = job.Progress;
        var skipped = Reasons.ToDictionary(r => r, r => progress.Skipped.GetValueOrDefault(r), StringComparer.Ordinal);
        return new(job.Id, job.ListId, job.Status.ToString().ToLowerInvariant(), job.ConsentStatement is not null, job.TotalRows,
            progress.Processed, progress.Created, progress.Updated, progress.Suppressed, skipped,
            progress.Errors.Select(e => new ImportRowErrorResponse(e.Line, e.Reason, e.Message)).ToList(),
            job.FailureReason, job.CreatedAt, job.UpdatedAt, job.CompletedAt);
    }
}

public sealed record ImportRowErrorResponse(int Line, string Reason, string Message);
