namespace EmailList.Dashboard.Api;

public sealed record WebhookDeliveryPageView(IReadOnlyList<WebhookDeliveryView> Items, string? NextCursor);
