using EmailList.Core.Lists;

namespace EmailList.Core.Webhooks;

/// <summary>A list event's <c>data</c>: which contact, on which list, its status now, and how and when it consented.</summary>
public sealed record ContactEventData
{
    public required string ListId { get; init; }
    public required string ContactId { get; init; }
    public required string Email { get; init; }

    /// <summary>"pending", "subscribed" or "unsubscribed".</summary>
    public required string Status { get; init; }

    /// <summary>"form", "api" or "import".</summary>
    public required string ConsentRoute { get; init; }
    public required DateTimeOffset ConsentAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; init; }
    public DateTimeOffset? UnsubscribedAt { get; init; }

    /// <summary>Why it ended: "one-click", "page", "api", "complaint", "ses-subscription".</summary>
    public string? UnsubscribeReason { get; init; }

    public static ContactEventData Create(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return new ContactEventData
        {
            ListId = subscription.ListId,
            ContactId = subscription.ContactId,
            Email = subscription.Email,
            Status = subscription.Status.ToString().ToLowerInvariant(),
            ConsentRoute = subscription.Consent.Route.ToString().ToLowerInvariant(),
            ConsentAt = subscription.Consent.At,
            ConfirmedAt = subscription.ConfirmedAt,
            UnsubscribedAt = subscription.UnsubscribedAt,
            UnsubscribeReason = subscription.UnsubscribeReason,
        };
    }
}
