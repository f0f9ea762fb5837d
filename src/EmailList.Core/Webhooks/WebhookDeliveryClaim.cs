namespace EmailList.Core.Webhooks;

/// <summary>A due delivery claimed by one dispatcher instance until <see cref="LeaseUntil"/>.</summary>
public sealed record WebhookDeliveryClaim(WebhookDelivery Delivery, string Owner, DateTimeOffset LeaseUntil);
