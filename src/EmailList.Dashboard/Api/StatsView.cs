namespace EmailList.Dashboard.Api;

public sealed record StatsView(
    DateTimeOffset From,
    DateTimeOffset To,
    string Bucket,
    IReadOnlyList<StatsBucketView> Buckets,
    IReadOnlyDictionary<string, long> Totals,
    StatsRecipientsView Recipients,
    double? BounceRate,
    double? ComplaintRate,
    IReadOnlyList<RateWarningView> Warnings);
