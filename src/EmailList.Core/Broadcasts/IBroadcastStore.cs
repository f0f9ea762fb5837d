namespace EmailList.Core.Broadcasts;

/// <summary>
/// A tenant's broadcasts. Tenant-facing calls are scoped to one tenant; <see cref="ListActiveAsync"/> and the expansion
/// calls serve the expander across tenants.
/// </summary>
public interface IBroadcastStore
{
    /// <summary>Stores a new broadcast (any status, Version as given). Ids are unique: adding an existing id throws.</summary>
    Task AddAsync(Broadcast broadcast, CancellationToken cancellationToken);

    Task<Broadcast?> GetAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>By id, cursor-paged (<see cref="BroadcastRange"/>).</summary>
    Task<BroadcastPage> ListAsync(string tenantId, BroadcastQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the broadcast's own fields (list, name, sender, content, segment, status and its times, pause reason) if
    /// it is still at <see cref="Broadcast.Version"/>, as Version + 1; not the expansion cursor nor the progress, which
    /// their writers own. False when it changed since it was read, or is gone.
    /// </summary>
    Task<bool> TryUpdateAsync(Broadcast broadcast, CancellationToken cancellationToken);

    /// <summary>Deletes a broadcast that is still a Draft; false when there is none, or it is no longer a draft.</summary>
    Task<bool> DeleteDraftAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>Every tenant's active broadcasts (<see cref="Broadcast.IsActive"/>), at most <paramref name="limit"/>, by id.</summary>
    Task<IReadOnlyList<Broadcast>> ListActiveAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Takes (or renews) the right to queue a Sending, not yet Expanded broadcast's recipients until
    /// <paramref name="leaseUntil"/>: granted when nobody holds it, its lease ran out, or <paramref name="owner"/> holds it.
    /// </summary>
    Task<bool> TryLeaseExpansionAsync(string tenantId, string id, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Writes how far expansion got, if <paramref name="owner"/> still holds the lease; Expanded also ends the lease.</summary>
    Task<bool> WriteExpansionAsync(string tenantId, string id, string owner, string? cursor, bool expanded, CancellationToken cancellationToken);

    /// <summary>Writes the last count of the broadcast's mail (whatever its status).</summary>
    Task WriteProgressAsync(string tenantId, string id, BroadcastProgress progress, CancellationToken cancellationToken);
}
