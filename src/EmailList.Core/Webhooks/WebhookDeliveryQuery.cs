namespace EmailList.Core.Webhooks;

/// <summary>One page of a webhook's delivery log, newest first.</summary>
/// <param name="Cursor">From the previous page; bound to tenant and webhook (refused otherwise with <see cref="ArgumentException"/>).</param>
public sealed record WebhookDeliveryQuery(string WebhookId, int Limit = 50, string? Cursor = null, WebhookDeliveryStatus? Status = null);

public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Items, string? NextCursor);
