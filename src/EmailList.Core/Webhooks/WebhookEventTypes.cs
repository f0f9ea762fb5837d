using EmailList.Core.Events;

namespace EmailList.Core.Webhooks;

/// <summary>
/// The event type names a webhook subscribes to and a payload's "type" carries: Standard Webhooks' dotted names, with
/// the email ones as Resend names them, so a tenant moving from Resend recognises them.
/// </summary>
public static class WebhookEventTypes
{
    public const string EmailSent = "email.sent";
    public const string EmailDelivered = "email.delivered";
    public const string EmailDeliveryDelayed = "email.delivery_delayed";
    public const string EmailBounced = "email.bounced";
    public const string EmailComplained = "email.complained";
    public const string EmailRejected = "email.rejected";
    public const string EmailOpened = "email.opened";
    public const string EmailClicked = "email.clicked";
    public const string EmailRenderingFailed = "email.rendering_failed";
    public const string EmailSubscription = "email.subscription";

    /// <summary>An address joined a list (pending confirmation when the list has double opt-in).</summary>
    public const string ContactSubscribed = "contact.subscribed";

    /// <summary>A pending address confirmed its subscription (double opt-in).</summary>
    public const string ContactConfirmed = "contact.confirmed";

    public const string ContactUnsubscribed = "contact.unsubscribed";

    /// <summary>Sent only by <c>POST /webhooks/{id}/test</c>, whatever the webhook's types.</summary>
    public const string Test = "webhook.test";

    public static IReadOnlyList<string> All { get; } =
    [
        EmailSent, EmailDelivered, EmailDeliveryDelayed, EmailBounced, EmailComplained, EmailRejected, EmailOpened,
        EmailClicked, EmailRenderingFailed, EmailSubscription, ContactSubscribed, ContactConfirmed, ContactUnsubscribed,
    ];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);

    public static string Of(SesEventType type) => type switch
    {
        SesEventType.Send => EmailSent,
        SesEventType.Delivery => EmailDelivered,
        SesEventType.DeliveryDelay => EmailDeliveryDelayed,
        SesEventType.Bounce => EmailBounced,
        SesEventType.Complaint => EmailComplained,
        SesEventType.Reject => EmailRejected,
        SesEventType.Open => EmailOpened,
        SesEventType.Click => EmailClicked,
        SesEventType.RenderingFailure => EmailRenderingFailed,
        SesEventType.Subscription => EmailSubscription,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No webhook event type for this SES event type."),
    };
}
