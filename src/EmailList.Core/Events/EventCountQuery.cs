namespace EmailList.Core.Events;

/// <summary>
/// Which events <see cref="IEventStore.CountAsync(string, EventCountQuery, CancellationToken)"/> counts: OccurredAt in
/// [Since, Until), of messages carrying every one of <paramref name="RequiredTags"/>, per UTC hour or day (or, with no
/// <paramref name="Bucket"/>, over the whole range), and per value of <paramref name="GroupByTag"/> when given.
/// </summary>
/// <param name="GroupByTag">
/// A tag name (el_template, el_broadcast): counts are split by its value and events of messages without it are left out.
/// </param>
public sealed record EventCountQuery(
    DateTimeOffset Since,
    DateTimeOffset Until,
    StatsBucket? Bucket,
    IReadOnlyList<EventTagFilter>? RequiredTags = null,
    string? GroupByTag = null);
