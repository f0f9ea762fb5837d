using Microsoft.Extensions.Logging;

namespace EmailList.Dispatcher.Webhooks;

/// <summary>Webhook delivery logs: ids, statuses and reasons, never secrets or payloads.</summary>
internal static partial class WebhookDeliveryLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Webhook deliveries {Owner} started: poll {PollInterval}, lease {Lease}, {MaxInFlight} in flight, {PerWebhookLimit} per webhook")]
    public static partial void Started(ILogger logger, string owner, TimeSpan pollInterval, TimeSpan lease, int maxInFlight, int perWebhookLimit);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Webhook deliveries {Owner} stopped; {InFlight} attempts were in flight")]
    public static partial void Stopped(ILogger logger, string owner, int inFlight);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Claiming webhook deliveries failed; trying again")]
    public static partial void ClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug,
        Message = "Delivery {DeliveryId} to webhook {WebhookId} of tenant {TenantId}: attempt {Attempt} {Outcome} ({StatusCode}, {DurationMs} ms)")]
    public static partial void Attempted(ILogger logger, string deliveryId, string webhookId, string tenantId, int attempt, string outcome, int? statusCode, int durationMs);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning,
        Message = "Webhook {WebhookId} of tenant {TenantId} disabled: {Reason}")]
    public static partial void Disabled(ILogger logger, string webhookId, string tenantId, string reason);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning,
        Message = "Delivery {DeliveryId} to webhook {WebhookId} failed unexpectedly; its lease returns it")]
    public static partial void DeliveryFailed(ILogger logger, string deliveryId, string webhookId, Exception exception);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Debug,
        Message = "Delivery {DeliveryId}: the claim was taken by another instance before the attempt was recorded")]
    public static partial void LostClaim(ILogger logger, string deliveryId);
}
