using EmailList.Core.Events;

namespace EmailList.QueryApi.Events;

/// <param name="NextCursor">Pass as <c>cursor</c> with the same filters for the next page; null on the last page.</param>
internal sealed record EventListResponse(IReadOnlyList<EventItem> Items, string? NextCursor);
