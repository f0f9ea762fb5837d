namespace EmailList.Core.Events;

/// <param name="BucketStart">UTC start of the hour or day.</param>
/// <param name="Count">How many events of the type.</param>
/// <param name="Recipients">
/// The sum of those events' recipients: for Send the message's destination (to, cc, bcc), for Bounce the bounced and
/// for Complaint the complaining recipients; the per-recipient rates divide these.
/// </param>
public sealed record EventCount(DateTimeOffset BucketStart, SesEventType Type, long Count, long Recipients);
