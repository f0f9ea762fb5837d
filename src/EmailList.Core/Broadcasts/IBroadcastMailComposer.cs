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
}
