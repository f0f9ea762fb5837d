namespace EmailList.QueryApi.Stats;

/// <param name="Buckets">Every hour or day of the range (UTC), oldest first, empty ones included.</param>
/// <param name="Totals">Events per SES event type over the range, every type listed.</param>
/// <param name="BounceRate">Bounce events / Send events as a fraction; null when nothing was sent.</param>
/// <param name="ComplaintRate">Complaint events / Send events as a fraction; null when nothing was sent.</param>
internal sealed record StatsResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    string Bucket,
    IReadOnlyList<StatsBucketCounts> Buckets,
    IReadOnlyDictionary<string, long> Totals,
    double? BounceRate,
    double? ComplaintRate,
    IReadOnlyList<RateWarning> Warnings);
