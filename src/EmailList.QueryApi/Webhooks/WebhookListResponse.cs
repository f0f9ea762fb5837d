namespace EmailList.QueryApi.Webhooks;

internal sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Items);
