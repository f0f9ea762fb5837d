using EmailList.Core.Scheduling;
using EmailList.Core.Tenants;

namespace EmailList.Core.Broadcasts;

/// <summary>
/// Composes a broadcast's scheduled mail for its contact at send time, from the broadcast, the contact and its
/// subscription as they are then, or says why it is not sent now (<see cref="BroadcastComposition"/>).
/// </summary>
public interface IBroadcastMailComposer
{
    Task<BroadcastComposition> ComposeAsync(Tenant tenant, ScheduledMail mail, CancellationToken cancellationToken);

    /// <summary>
    /// Checked again just before the send, after the wait for the send rate: null while the broadcast is still sending,
    /// else what to do instead (paused -> defer, cancelled or gone -> skip), so a pause stops mail already composed.
    /// </summary>
    Task<BroadcastComposition?> RecheckAsync(ScheduledMail mail, CancellationToken cancellationToken);
}
