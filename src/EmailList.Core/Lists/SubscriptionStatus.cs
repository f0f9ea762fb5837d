namespace EmailList.Core.Lists;

public enum SubscriptionStatus
{
    /// <summary>Signed up, waiting for the address to confirm (double opt-in); never sent a broadcast.</summary>
    Pending,

    Subscribed,

    Unsubscribed,
}
