namespace EmailList.QueryApi.Stats;

/// <param name="Counts">Events per SES event type in the bucket; types without events are absent.</param>
internal sealed record StatsBucketCounts(DateTimeOffset Start, IReadOnlyDictionary<string, long> Counts);
