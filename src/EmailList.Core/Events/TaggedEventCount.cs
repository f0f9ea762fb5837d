namespace EmailList.Core.Events;

/// <summary>A row of <see cref="IEventStore.CountAsync(string, EventCountQuery, CancellationToken)"/>.</summary>
/// <param name="BucketStart">UTC start of the hour or day; the range's start when the query has no bucket.</param>
/// <param name="Group">The value of the query's GroupByTag; null when it has none.</param>
/// <param name="Count">How many events of the type.</param>
/// <param name="Recipients">The sum of those events' recipients, as <see cref="EventCount.Recipients"/>.</param>
/// <param name="MessageRecipients">
/// Per message whose first event of the type in the query's range falls in this bucket, its recipients once (the most
/// any of its events of the type named), summed: repeated opens or clicks of one message count once, in the bucket of
/// the first, so the sum over the buckets is what unique open and click rates divide.
/// </param>
public sealed record TaggedEventCount(
    DateTimeOffset BucketStart, string? Group, SesEventType Type, long Count, long Recipients, long MessageRecipients);
