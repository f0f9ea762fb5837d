namespace EmailList.Core.Broadcasts;

/// <param name="Cursor">From the previous page's NextCursor; bound to the tenant.</param>
public sealed record BroadcastQuery(int Limit = 50, string? Cursor = null);

/// <param name="NextCursor">Null on the last page.</param>
public sealed record BroadcastPage(IReadOnlyList<Broadcast> Items, string? NextCursor);
