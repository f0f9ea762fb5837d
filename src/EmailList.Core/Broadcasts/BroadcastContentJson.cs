using System.Text.Json;
using System.Text.Json.Serialization;
using EmailList.Core.Lists;

namespace EmailList.Core.Broadcasts;

/// <summary>A broadcast's <see cref="MessageContent"/> as the stores keep it: one JSON object, absent fields left out.</summary>
public static class BroadcastContentJson
{
    public static string Serialize(MessageContent content) => JsonSerializer.Serialize(content, BroadcastJsonContext.Default.MessageContent);

    public static MessageContent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, BroadcastJsonContext.Default.MessageContent) ?? throw new JsonException("A broadcast's content is null.");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessageContent))]
internal sealed partial class BroadcastJsonContext : JsonSerializerContext;
