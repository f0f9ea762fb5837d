namespace EmailList.Core.Events;

/// <summary>
/// A message's state, ordered so that a later stage (or a final failure) wins whatever order the events arrive in.
/// </summary>
public enum MessageStatus
{
    Sent = 0,
    Delayed = 1,
    Delivered = 2,
    Opened = 3,
    Clicked = 4,
    RenderingFailed = 5,
    Rejected = 6,
    Bounced = 7,
    Complained = 8,
}
