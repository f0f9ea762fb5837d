namespace EmailList.Dashboard.Api;

public sealed record WebhookListView(IReadOnlyList<WebhookView> Items);
