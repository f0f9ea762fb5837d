using EmailList.Core.Events;

namespace EmailList.QueryApi.Stats;

/// <summary>A validated /stats request: the range, its buckets (the first's start, their size and number), the tag filters and the grouping.</summary>
/// <param name="GroupBy">template or broadcast, as asked; <paramref name="GroupTag"/> is the tag it groups by.</param>
internal sealed record StatsQuery(
    DateTimeOffset From,
    DateTimeOffset To,
    StatsBucket Bucket,
    DateTimeOffset FirstBucket,
    TimeSpan BucketSize,
    int BucketCount,
    IReadOnlyList<EventTagFilter> RequiredTags,
    string? GroupBy,
    string? GroupTag);
