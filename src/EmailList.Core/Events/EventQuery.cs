namespace EmailList.Core.Events;

/// <summary>
/// Events newest first (OccurredAt descending, then EventId descending), in [From, To).
/// Every filter given must match; <paramref name="Recipient"/> is a normalized address.
/// </summary>
/// <param name="Cursor">Store-level continuation from the previous page; APIs sign it before handing it out.</param>
public sealed record EventQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    IReadOnlySet<SesEventType>? Types = null,
    string? Recipient = null,
    string? MessageId = null,
    string? TagName = null,
    string? TagValue = null,
    int Limit = 50,
    string? Cursor = null);
