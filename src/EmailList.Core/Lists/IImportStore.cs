namespace EmailList.Core.Lists;

/// <summary>
/// CSV imports and their uploaded rows. The tenant-facing calls are scoped to one tenant; the claim serves every
/// tenant's imports, oldest first, under a lease, so any instance takes over an import whose worker stopped.
/// </summary>
public interface IImportStore
{
    /// <summary>Stores one chunk of an import being uploaded; a chunk written again replaces the earlier one.</summary>
    Task AddChunkAsync(string tenantId, string importId, ImportChunk chunk, CancellationToken cancellationToken);

    /// <summary>Stores the import, Queued, once all its chunks are stored; from then on a worker may claim it. Ids are unique: adding an existing id throws.</summary>
    Task AddAsync(ImportJob job, CancellationToken cancellationToken);

    Task<ImportJob?> GetAsync(string tenantId, string importId, CancellationToken cancellationToken);

    /// <summary>The chunk, or null when there is none with that index (never uploaded, or deleted after the import ended).</summary>
    Task<ImportChunk?> GetChunkAsync(string tenantId, string importId, int index, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the oldest import that is Queued, or Running with a lease that ran out before <paramref name="now"/>: it
    /// becomes Running, owned by <paramref name="owner"/> until now + <paramref name="lease"/>, its Attempts counted.
    /// Null when there is none. Two workers never hold the same import at once.
    /// </summary>
    Task<ImportClaim?> ClaimAsync(DateTimeOffset now, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the progress after a chunk and extends the lease to <paramref name="leaseUntil"/>: the claim with the new
    /// lease, or null when the claim was lost (its lease ran out and another worker took the import).
    /// </summary>
    Task<ImportClaim?> SaveProgressAsync(ImportClaim claim, ImportProgress progress, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the import, Completed or Failed (with <paramref name="failureReason"/>), with its last progress, and
    /// deletes its chunks. False when the claim was lost.
    /// </summary>
    Task<bool> CompleteAsync(ImportClaim claim, ImportStatus status, ImportProgress progress, string? failureReason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes an import and its chunks: an upload that was refused half way.</summary>
    Task DeleteAsync(string tenantId, string importId, CancellationToken cancellationToken);
}
