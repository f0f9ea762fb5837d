namespace EmailList.Dashboard.Api;

/// <summary>A contact's membership of one list; <see cref="Status"/> is pending, subscribed or unsubscribed.</summary>
public sealed record SubscriptionView(string ListId, string Status, DateTimeOffset? ConfirmedAt, DateTimeOffset? UnsubscribedAt, DateTimeOffset CreatedAt);
