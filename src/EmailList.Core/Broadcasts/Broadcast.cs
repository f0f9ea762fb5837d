using EmailList.Core.Lists;

namespace EmailList.Core.Broadcasts;

/// <summary>
/// One mail to every Subscribed contact of a list (or those matching <see cref="Segment"/>), rendered per contact and
/// sent by the dispatcher as scheduled mail, one item per contact.
/// </summary>
public sealed record Broadcast
{
    public required string TenantId { get; init; }

    /// <summary>"bc_" and 26 base32 characters (<see cref="ListIds.Broadcast"/>).</summary>
    public required string Id { get; init; }

    public required string ListId { get; init; }

    public required string Name { get; init; }

    /// <summary>The sender, an identity verified in the tenant's SES ("Name &lt;news@example.com&gt;" or an address).</summary>
    public required string From { get; init; }

    public string? ReplyTo { get; init; }

    /// <summary>What it says; a stored template's version is pinned when the broadcast is sent.</summary>
    public required MessageContent Content { get; init; }

    /// <summary>
    /// Null for every subscriber, else a JSON object of attribute names and scalar values that a contact's attributes
    /// must all equal (<see cref="BroadcastSegment"/>).
    /// </summary>
    public string? Segment { get; init; }

    public BroadcastStatus Status { get; init; } = BroadcastStatus.Draft;

    public DateTimeOffset? ScheduledAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why it is paused: the tenant's words, or the guard's (bounce or complaint rate).</summary>
    public string? PauseReason { get; init; }

    /// <summary>
    /// When the tenant resumed this broadcast past a reputation-guard pause, acknowledging the rates; from then on the
    /// guard judges it only by the events since (<see cref="BroadcastGuard.CheckAsync(string, DateTimeOffset?, CancellationToken)"/>).
    /// </summary>
    public DateTimeOffset? GuardAcknowledgedAt { get; init; }

    /// <summary>The last contact id queued; expansion resumes after it.</summary>
    public string? ExpansionCursor { get; init; }

    /// <summary>Every recipient has been queued.</summary>
    public bool Expanded { get; init; }

    public BroadcastProgress Progress { get; init; } = BroadcastProgress.None;

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Counts the changes made through <see cref="IBroadcastStore.TryUpdateAsync"/>, which is conditional on it.</summary>
    public long Version { get; init; }

    /// <summary>Scheduled, Sending or Paused, or Cancelled with mail possibly still queued: the expander still looks at it.</summary>
    public bool IsActive => Status is BroadcastStatus.Scheduled or BroadcastStatus.Sending or BroadcastStatus.Paused
        || (Status == BroadcastStatus.Cancelled && CompletedAt is null);
}
