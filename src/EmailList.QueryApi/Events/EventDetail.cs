using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using EmailList.Core.Events;

namespace EmailList.QueryApi.Events;

/// <summary>GET /events/{id}: the event and the event exactly as EventBridge delivered it, as a JSON object.</summary>
internal sealed record EventDetail : EventItem
{
    [SetsRequiredMembers]
    private EventDetail(EventItem item)
        : base(item)
    {
    }

    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public JsonElement Raw { get; init; }

    public static EventDetail CreateWithRaw(SesEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        JsonElement raw;
        try
        {
            using var document = JsonDocument.Parse(e.RawJson);
            raw = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Stored by the ingester, so this should not happen; still show the text rather than fail the view.
            raw = JsonSerializer.SerializeToElement(e.RawJson, QueryApiJsonContext.Default.String);
        }

        return new EventDetail(EventItem.Create(e)) { ReceivedAt = e.ReceivedAt, ExpiresAt = e.ExpiresAt, Raw = raw };
    }
}
