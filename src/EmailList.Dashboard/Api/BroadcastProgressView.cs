namespace EmailList.Dashboard.Api;

public sealed record BroadcastProgressView(int Queued, int Sent, int Skipped, int Failed, double RatePerSecond, DateTimeOffset? Eta, DateTimeOffset? CountedAt)
{
    public int Done => Sent + Skipped + Failed;

    public int Total => Queued + Done;
}
