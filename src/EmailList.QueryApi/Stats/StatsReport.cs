using EmailList.Core.Events;

namespace EmailList.QueryApi.Stats;

/// <summary>
/// /stats's figures from the event store in one count per bucket and type (the buckets, and summed, the range's
/// recipients and rates), and a second over the whole range per template or broadcast when grouped.
/// </summary>
internal static class StatsReport
{
    public static async Task<StatsResponse> BuildAsync(IEventStore store, string tenantId, StatsQuery query, CancellationToken cancellationToken)
    {
        var tags = query.RequiredTags.Count > 0 ? query.RequiredTags : null;
        var counts = await store.CountAsync(tenantId, new EventCountQuery(query.From, query.To, query.Bucket, tags), cancellationToken);
        var perBucket = new Dictionary<DateTimeOffset, Dictionary<string, long>>();
        var totals = EmptyTotals();
        foreach (var count in counts)
        {
            var start = StatsEndpoints.Floor(count.BucketStart, query.BucketSize);
            if (!perBucket.TryGetValue(start, out var types))
            {
                perBucket[start] = types = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            var name = count.Type.ToString();
            types[name] = types.GetValueOrDefault(name) + count.Count;
            totals[name] += count.Count;
        }

        var buckets = new List<StatsBucketCounts>(query.BucketCount);
        for (var i = 0; i < query.BucketCount; i++)
        {
            var start = query.FirstBucket + query.BucketSize * i;
            buckets.Add(new StatsBucketCounts(start, perBucket.GetValueOrDefault(start) ?? []));
        }

        List<StatsGroup>? groups = null;
        if (query.GroupTag is not null)
        {
            var grouped = await store.CountAsync(tenantId, new EventCountQuery(query.From, query.To, null, tags, query.GroupTag), cancellationToken);
            groups = grouped.Where(c => c.Group is not null).GroupBy(c => c.Group!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Group(g.Key, [.. g]))
                .ToList();
        }

        // Each message's recipients count once over the range: in the bucket of its first event of a type.
        var sums = StatsRecipients.Sum(counts);
        var rates = StatsRateSet.Of(sums);
        return new StatsResponse(query.From, query.To, query.Bucket.ToString().ToLowerInvariant(), buckets, totals,
            sums, rates.Bounced, rates.Complained, ReputationThresholds.Check(rates.Bounced, rates.Complained), rates, query.GroupBy, groups);
    }

    private static StatsGroup Group(string key, IReadOnlyList<TaggedEventCount> counts)
    {
        var totals = EmptyTotals();
        foreach (var count in counts)
        {
            totals[count.Type.ToString()] += count.Count;
        }

        var sums = StatsRecipients.Sum(counts);
        var rates = StatsRateSet.Of(sums);
        return new StatsGroup(key, totals, sums, rates, ReputationThresholds.Check(rates.Bounced, rates.Complained));
    }

    private static Dictionary<string, long> EmptyTotals() =>
        Enum.GetValues<SesEventType>().ToDictionary(t => t.ToString(), _ => 0L, StringComparer.Ordinal);
}
