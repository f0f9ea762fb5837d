namespace EmailList.Core.Broadcasts;

/// <summary>The outcome of a status change: the broadcast as it is now, and whether it changed.</summary>
public sealed record BroadcastChange(Broadcast? Broadcast, bool Changed)
{
    public bool NotFound => Broadcast is null;
}

/// <summary>Status changes as read-decide-write loops on <see cref="IBroadcastStore.TryUpdateAsync"/>, retried while another writer got there first.</summary>
public static class BroadcastTransitions
{
    /// <summary>
    /// Applies <paramref name="change"/> (null: leave it as it is, e.g. the wrong state) to the broadcast as stored and
    /// writes it if nobody changed it meanwhile; reads again and retries otherwise.
    /// </summary>
    public static async Task<BroadcastChange> ApplyAsync(
        IBroadcastStore store, string tenantId, string id, Func<Broadcast, Broadcast?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetAsync(tenantId, id, cancellationToken);
            if (current is null)
            {
                return new BroadcastChange(null, false);
            }

            if (change(current) is not { } next)
            {
                return new BroadcastChange(current, false);
            }

            if (await store.TryUpdateAsync(next with { Version = current.Version }, cancellationToken))
            {
                return new BroadcastChange(next with { Version = current.Version + 1 }, true);
            }

            if (attempt >= 20)
            {
                throw new InvalidOperationException($"Broadcast {id} kept changing under a status update; try again.");
            }
        }
    }
}
