using System.Text.Json;
using EmailList.Core.Lists;

namespace EmailList.SendApi.Contacts;

/// <summary>A contact with every list it is on.</summary>
public sealed record ContactResponse(
    string Id, string Email, JsonElement Attributes, IReadOnlyList<SubscriptionResponse> Lists, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ContactResponse From(Contact contact, IEnumerable<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(contact);
        using var attributes = JsonDocument.Parse(contact.Attributes);
        return new(contact.Id, contact.Email, attributes.RootElement.Clone(),
            subscriptions.OrderBy(s => s.ListId, StringComparer.Ordinal).Select(SubscriptionResponse.From).ToList(),
            contact.CreatedAt, contact.UpdatedAt);
    }
}

/// <summary>A contact's membership of one list, with its consent record.</summary>
/// <param name="Status"><c>pending</c>, <c>subscribed</c> or <c>unsubscribed</c>.</param>
public sealed record SubscriptionResponse(
    string ListId,
    string Status,
    ConsentResponse Consent,
    DateTimeOffset? ConfirmationSentAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? UnsubscribedAt,
    string? UnsubscribeReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SubscriptionResponse From(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return new(subscription.ListId, ContactStatus.Name(subscription.Status), ConsentResponse.From(subscription.Consent),
            subscription.ConfirmationSentAt, subscription.ConfirmedAt, subscription.UnsubscribedAt, subscription.UnsubscribeReason,
            subscription.CreatedAt, subscription.UpdatedAt);
    }
}

/// <param name="Route"><c>form</c>, <c>api</c> or <c>import</c>.</param>
public sealed record ConsentResponse(DateTimeOffset At, string Route, string? Ip, string? UserAgent, string? Statement)
{
    public static ConsentResponse From(ConsentRecord consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return new(consent.At, ContactStatus.Name(consent.Route), consent.Ip, consent.UserAgent, consent.Statement);
    }
}

/// <summary>A page of contacts.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
public sealed record ContactPageResponse(IReadOnlyList<ContactResponse> Items, string? NextCursor);
