namespace EmailList.Core.Lists;

/// <summary>A CSV import of contacts into one list: its settings, its uploaded rows (stored in chunks) and its progress.</summary>
public sealed record ImportJob
{
    public required string TenantId { get; init; }

    /// <summary>"imp_" and 26 base32 characters.</summary>
    public required string Id { get; init; }

    public required string ListId { get; init; }

    /// <summary>The tenant's words for how the addresses consented; with it rows are Subscribed, without it Pending.</summary>
    public string? ConsentStatement { get; init; }

    /// <summary>The uploader's address and user agent, kept in each row's consent record.</summary>
    public string? Ip { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The header row: "email" and the attribute columns, in file order.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    public required int TotalRows { get; init; }

    public required int ChunkCount { get; init; }

    public ImportStatus Status { get; init; } = ImportStatus.Queued;

    public ImportProgress Progress { get; init; } = ImportProgress.None;

    public string? FailureReason { get; init; }

    /// <summary>How often a worker has claimed it: more than one means a worker stopped or crashed during it.</summary>
    public int Attempts { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}
