namespace EmailList.QueryApi.Suppression;

/// <param name="NextCursor">Pass as <c>cursor</c> with the same filters for the next page; null on the last page.</param>
internal sealed record SuppressionListResponse(IReadOnlyList<SuppressionEntryResponse> Items, string? NextCursor);
