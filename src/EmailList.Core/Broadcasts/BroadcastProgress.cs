namespace EmailList.Core.Broadcasts;

/// <summary>
/// A broadcast's recipients by state, as last counted from its scheduled mail: <see cref="Queued"/> waiting or being
/// sent, the others done. <see cref="RatePerSecond"/> is the sends per second between the last two counts.
/// </summary>
public sealed record BroadcastProgress(int Queued, int Sent, int Skipped, int Failed, double RatePerSecond, DateTimeOffset? At)
{
    public static BroadcastProgress None { get; } = new(0, 0, 0, 0, 0, null);

    public int Total => Queued + Sent + Skipped + Failed;
}
