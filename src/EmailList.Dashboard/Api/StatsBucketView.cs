namespace EmailList.Dashboard.Api;

public sealed record StatsBucketView(DateTimeOffset Start, IReadOnlyDictionary<string, long> Counts);
