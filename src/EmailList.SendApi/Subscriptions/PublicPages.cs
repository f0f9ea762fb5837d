namespace EmailList.SendApi.Subscriptions;

/// <summary>The words of each public page.</summary>
public static class PublicPages
{
    private const string SignUpAgain = "To subscribe, sign up again on the site where you found the form.";

    public static PublicPage ForLink(LinkAnswer answer, string? buttonAction = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var list = answer.ListName ?? "this list";
        return answer.Outcome switch
        {
            LinkOutcome.Expired => new(StatusCodes.Status410Gone, "This link has expired",
                ["Confirmation links work for a limited time, and this one has run out.", "We can send you a new one."],
                buttonAction, "Send me a new link"),
            LinkOutcome.Confirmed => new(StatusCodes.Status200OK, "You're subscribed", [$"Thank you: your subscription to {list} is confirmed."]),
            LinkOutcome.AlreadyConfirmed => new(StatusCodes.Status200OK, "You're already subscribed",
                [$"Your subscription to {list} was already confirmed. There is nothing more to do."]),
            LinkOutcome.UnsubscribedSince => new(StatusCodes.Status200OK, "You're not subscribed",
                [$"You unsubscribed from {list} after this link was sent, so it no longer subscribes you.", SignUpAgain]),
            LinkOutcome.ConfirmationSent => new(StatusCodes.Status200OK, "Check your inbox",
                [$"We've sent a new link to confirm your subscription to {list}.",
                 "If it hasn't arrived in a few minutes, look in your spam folder. We send at most one link every few minutes."]),
            LinkOutcome.AskUnsubscribe => new(StatusCodes.Status200OK, $"Unsubscribe from {list}?",
                ["You will no longer receive mail from this list."], buttonAction, "Unsubscribe"),
            LinkOutcome.Unsubscribed => new(StatusCodes.Status200OK, "You're unsubscribed",
                [$"You won't receive any more mail from {list}.", "Unsubscribed by mistake? You can subscribe again."], buttonAction, "Subscribe again"),
            LinkOutcome.Resubscribed => new(StatusCodes.Status200OK, "You're subscribed again", [$"Welcome back: you'll receive {list} again."]),
            _ => NotValid,
        };
    }

    public static PublicPage NotValid { get; } = new(StatusCodes.Status404NotFound, "This link is not valid",
        ["The link may be incomplete (some mail programs break long links), or the subscription it was for no longer exists.", SignUpAgain]);

    public static PublicPage SignedUp(string listName, bool doubleOptIn) => doubleOptIn
        ? new(StatusCodes.Status200OK, "Check your inbox",
            [$"We've sent you a link to confirm your subscription to {listName}.",
             "If it hasn't arrived in a few minutes, look in your spam folder. The link works for a limited time."])
        : new(StatusCodes.Status200OK, "Thanks for subscribing", [$"You're on the list for {listName}."]);

    public static PublicPage UnknownForm { get; } = new(StatusCodes.Status404NotFound, "This sign-up form is not valid",
        ["The form points to a list that does not exist. Let the owner of the site know."]);

    public static PublicPage Refused(int status, string reason) =>
        new(status, "We couldn't sign you up", [reason, "Go back, correct it and try again."]);

    public static PublicPage TooMany { get; } = new(StatusCodes.Status429TooManyRequests, "Too many attempts",
        ["We've had too many sign-ups from here or for this address. Please wait a little and try again."]);
}
