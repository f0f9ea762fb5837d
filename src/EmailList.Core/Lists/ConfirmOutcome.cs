namespace EmailList.Core.Lists;

public enum ConfirmOutcome
{
    /// <summary>Pending, and the nonce was the latest: now Subscribed.</summary>
    Confirmed,

    /// <summary>Already Subscribed: a second click on the link.</summary>
    AlreadyConfirmed,

    /// <summary>The contact has since unsubscribed; confirming an old link does not subscribe them again.</summary>
    Unsubscribed,

    /// <summary>No such subscription any more (deleted, erased, the list deleted), or a newer confirmation mail replaced this one.</summary>
    NotFound,
}
