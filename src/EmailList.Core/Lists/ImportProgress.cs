namespace EmailList.Core.Lists;

/// <summary>
/// How far an import got, written after each chunk together with <see cref="ChunksDone"/>: a worker that takes over
/// after a crash starts at the next chunk with these counts.
/// </summary>
public sealed record ImportProgress
{
    public int ChunksDone { get; init; }

    /// <summary>Rows handled, whatever became of them.</summary>
    public int Processed { get; init; }

    /// <summary>New contacts.</summary>
    public int Created { get; init; }

    /// <summary>Contacts that existed already (their attributes merged, their subscription set).</summary>
    public int Updated { get; init; }

    /// <summary>Rows imported although the address is on the tenant's suppression list (nothing is sent to it).</summary>
    public int Suppressed { get; init; }

    /// <summary>Rows not imported, by <see cref="ImportSkipReason"/>.</summary>
    public IReadOnlyDictionary<string, int> Skipped { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The first skipped rows (at most <c>Imports:MaxErrors</c>), in line order.</summary>
    public IReadOnlyList<ImportRowError> Errors { get; init; } = [];

    public static ImportProgress None { get; } = new();
}
