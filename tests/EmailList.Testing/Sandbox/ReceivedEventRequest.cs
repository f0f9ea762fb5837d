using System.Text.Json;

namespace EmailList.Testing.Sandbox;

/// <summary>One POST that reached a <see cref="SesEventReceiver"/>, and what it answered.</summary>
/// <param name="Headers">Request headers, names case-insensitive.</param>
public sealed record ReceivedEventRequest(IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredWith)
{
    /// <summary>The body as JSON (one EventBridge event).</summary>
    public JsonElement Event => JsonDocument.Parse(Body).RootElement.Clone();

    public string EventId => Event.GetProperty("id").GetString()!;

    public string DetailType => Event.GetProperty("detail-type").GetString()!;

    public string MessageId => Event.GetProperty("detail").GetProperty("mail").GetProperty("messageId").GetString()!;

    public bool Stored => AnsweredWith is >= 200 and < 300;
}
