namespace EmailList.SendApi.Subscriptions;

/// <summary>What following a confirm or unsubscribe link came to, for the page that answers it.</summary>
public enum LinkOutcome
{
    /// <summary>Not ours, tampered with, of the wrong kind, or naming a list, contact or subscription that is not there.</summary>
    NotValid,

    /// <summary>A confirm link past its expiry: the page offers a new mail.</summary>
    Expired,

    Confirmed,
    AlreadyConfirmed,

    /// <summary>A confirm link of a subscription that has since been unsubscribed; it does not subscribe again.</summary>
    UnsubscribedSince,

    /// <summary>A new confirmation mail was queued, or one went within the confirmation interval (the page says the same).</summary>
    ConfirmationSent,

    /// <summary>GET of an unsubscribe link, still subscribed (or pending): the page asks.</summary>
    AskUnsubscribe,

    Unsubscribed,
    Resubscribed,
}

/// <summary>The outcome and the name of the list it concerns (null with <see cref="LinkOutcome.NotValid"/>).</summary>
public sealed record LinkAnswer(LinkOutcome Outcome, string? ListName = null)
{
    public static LinkAnswer NotValid { get; } = new(LinkOutcome.NotValid);
}
