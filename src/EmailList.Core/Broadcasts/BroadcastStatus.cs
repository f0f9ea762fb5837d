namespace EmailList.Core.Broadcasts;

public enum BroadcastStatus
{
    /// <summary>Being written: may be changed, previewed, test-sent and deleted.</summary>
    Draft,

    /// <summary>Sent on its way (its template version pinned), waiting for <see cref="Broadcast.ScheduledAt"/>.</summary>
    Scheduled,

    /// <summary>Its recipients are being queued and sent by the dispatcher.</summary>
    Sending,

    /// <summary>Held by the tenant or by the reputation guard (<see cref="Broadcast.PauseReason"/>); queued mail waits.</summary>
    Paused,

    /// <summary>Every recipient was queued and every queued mail is done (sent, skipped or failed).</summary>
    Sent,

    /// <summary>Stopped for good; mail still queued is skipped.</summary>
    Cancelled,
}
