using System.Text.Json;
using System.Text.Json.Serialization;
using EmailList.Core.Webhooks;

namespace EmailList.QueryApi.Webhooks;

/// <summary>One line of a webhook's delivery log.</summary>
/// <param name="Status">pending, succeeded or failed.</param>
/// <param name="NextAttemptAt">When it is tried next, while pending.</param>
/// <param name="LastStatusCode">The endpoint's HTTP status on the last attempt; null when it did not answer.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="Payload">The exact body POSTed (only on GET of one delivery).</param>
internal sealed record WebhookDeliveryResponse(
    string Id,
    string WebhookId,
    string EventType,
    string EventId,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    int? LastDurationMs,
    DateTimeOffset? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Payload = null)
{
    public static string StatusName(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => "pending",
        WebhookDeliveryStatus.Succeeded => "succeeded",
        _ => "failed",
    };

    public static WebhookDeliveryResponse From(WebhookDelivery delivery, bool withPayload = false)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        JsonElement? payload = null;
        if (withPayload)
        {
            using var document = JsonDocument.Parse(delivery.Payload);
            payload = document.RootElement.Clone();
        }

        return new(delivery.Id, delivery.WebhookId, delivery.EventType, delivery.EventId, StatusName(delivery.Status), delivery.Attempts,
            delivery.CreatedAt, delivery.Status == WebhookDeliveryStatus.Pending ? delivery.NextAttemptAt : null, delivery.LastAttemptAt,
            delivery.LastStatusCode, delivery.LastError, delivery.LastDurationMs, delivery.CompletedAt, payload);
    }
}
