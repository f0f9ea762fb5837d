namespace EmailList.Dashboard.Api;

/// <summary>A contact with every list it is on, as GET /contacts answers it.</summary>
public sealed record ContactView(string Id, string Email, IReadOnlyList<SubscriptionView> Lists, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
