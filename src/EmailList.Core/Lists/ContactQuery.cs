namespace EmailList.Core.Lists;

/// <summary>A page of a tenant's contacts, optionally only those on <paramref name="ListId"/> (with <paramref name="Status"/> there) and whose address contains <paramref name="Text"/>.</summary>
/// <param name="Status">Only with <paramref name="ListId"/>.</param>
/// <param name="Text">A case-insensitive substring of the address.</param>
public sealed record ContactQuery(string? ListId = null, SubscriptionStatus? Status = null, string? Text = null, int Limit = 50, string? Cursor = null);

/// <summary>A contact with every subscription it has.</summary>
public sealed record ContactView(Contact Contact, IReadOnlyList<Subscription> Subscriptions);

/// <param name="NextCursor">Null on the last page; bound to the tenant and the query's filters.</param>
public sealed record ContactPage(IReadOnlyList<ContactView> Items, string? NextCursor);

/// <summary>A subscribed contact of a list, as a broadcast reads them.</summary>
public sealed record Subscriber(Subscription Subscription, Contact Contact);
