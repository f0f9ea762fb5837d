namespace EmailList.QueryApi.Webhooks;

/// <param name="NextCursor">Pass as <c>cursor</c> with the same filters for the next page; null on the last page.</param>
internal sealed record WebhookDeliveryListResponse(IReadOnlyList<WebhookDeliveryResponse> Items, string? NextCursor);
