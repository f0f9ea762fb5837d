using System.Globalization;
using System.Text.Json;
using EmailList.Core.Events;
using EmailList.Core.Lists;

namespace EmailList.Core.Webhooks;

/// <summary>
/// The JSON bodies webhooks receive, per Standard Webhooks: <c>{"type", "timestamp", "data"}</c>. An SES event's
/// <c>data</c> is the event exactly as <c>GET /events</c> serves it (<see cref="EventItem"/>, with the message's tags).
/// </summary>
public static class WebhookPayload
{
    /// <summary>The body for an SES event; its timestamp is when the event happened.</summary>
    public static string ForEvent(SesEvent sesEvent)
    {
        ArgumentNullException.ThrowIfNull(sesEvent);
        return JsonSerializer.Serialize(
            new WebhookEventEnvelope(WebhookEventTypes.Of(sesEvent.Type), Timestamp(sesEvent.OccurredAt), EventItem.Create(sesEvent)),
            WebhookJsonContext.Default.WebhookEventEnvelope);
    }

    /// <summary>The body for a list event (<see cref="WebhookEventTypes.ContactSubscribed"/> and the like) at <paramref name="at"/>.</summary>
    public static string ForContact(string eventType, Subscription subscription, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return JsonSerializer.Serialize(
            new WebhookContactEnvelope(eventType, Timestamp(at), ContactEventData.Create(subscription)),
            WebhookJsonContext.Default.WebhookContactEnvelope);
    }

    /// <summary>ISO-8601 in UTC with a Z, as the specification's examples write it.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}

internal sealed record WebhookEventEnvelope(string Type, string Timestamp, EventItem Data);

internal sealed record WebhookContactEnvelope(string Type, string Timestamp, ContactEventData Data);
