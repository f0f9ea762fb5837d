using EmailList.Core.Events;

namespace EmailList.QueryApi.Stats;

/// <summary>What the rates divide, over the range.</summary>
/// <param name="Sent">Recipients of the Send events (each message's to, cc and bcc): the rates' denominator.</param>
/// <param name="Bounced">Recipients named by the Bounce events (every bounce type).</param>
/// <param name="Complained">Recipients named by the Complaint events.</param>
/// <param name="Delivered">Recipients named by the Delivery events.</param>
/// <param name="Opened">
/// Recipients of the messages opened at least once, each message once however often it was opened (SES's Open event
/// does not say which recipient opened, so a message to several counts all of them).
/// </param>
/// <param name="Clicked">As <paramref name="Opened"/>, for Click events.</param>
/// <param name="Unsubscribed">
/// As <paramref name="Opened"/>, for SES Subscription events (unsubscribes through SES's subscription management). Our
/// own one-click and page unsubscribes are not SES events and are not counted here; complaints are in <paramref name="Complained"/>.
/// </param>
internal sealed record StatsRecipients(long Sent, long Bounced, long Complained, long Delivered, long Opened, long Clicked, long Unsubscribed)
{
    public static StatsRecipients Sum(IEnumerable<TaggedEventCount> counts)
    {
        long sent = 0, bounced = 0, complained = 0, delivered = 0, opened = 0, clicked = 0, unsubscribed = 0;
        foreach (var count in counts)
        {
            switch (count.Type)
            {
                case SesEventType.Send: sent += count.Recipients; break;
                case SesEventType.Bounce: bounced += count.Recipients; break;
                case SesEventType.Complaint: complained += count.Recipients; break;
                case SesEventType.Delivery: delivered += count.Recipients; break;
                case SesEventType.Open: opened += count.MessageRecipients; break;
                case SesEventType.Click: clicked += count.MessageRecipients; break;
                case SesEventType.Subscription: unsubscribed += count.MessageRecipients; break;
            }
        }

        return new StatsRecipients(sent, bounced, complained, delivered, opened, clicked, unsubscribed);
    }
}
