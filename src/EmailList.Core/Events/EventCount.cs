namespace EmailList.Core.Events;

/// <param name="BucketStart">UTC start of the hour or day.</param>
public sealed record EventCount(DateTimeOffset BucketStart, SesEventType Type, long Count);
