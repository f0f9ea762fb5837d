namespace EmailList.Dashboard.Api;

public sealed record StatsRecipientsView(long Sent, long Bounced, long Complained, long Delivered, long Opened, long Clicked, long Unsubscribed);
