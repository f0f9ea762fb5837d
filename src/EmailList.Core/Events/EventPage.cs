namespace EmailList.Core.Events;

/// <param name="NextCursor">Null on the last page.</param>
public sealed record EventPage(IReadOnlyList<SesEvent> Items, string? NextCursor);
