using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmailList.Core.Lists;

/// <summary>The JSON the stores keep a list's confirmation content, allowed origins and a subscription's consent record in, one format for both stores.</summary>
public static class ListStorageJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter<ConsentRoute>() },
    };

    public static string Write(ConsentRecord consent) => JsonSerializer.Serialize(consent, Options);

    public static ConsentRecord ReadConsent(string json) =>
        JsonSerializer.Deserialize<ConsentRecord>(json, Options) ?? throw new JsonException("A stored consent record is null.");

    public static string? Write(MessageContent? content) => content is null ? null : JsonSerializer.Serialize(content, Options);

    public static MessageContent? ReadContent(string? json) => json is null ? null : JsonSerializer.Deserialize<MessageContent>(json, Options);

    public static string Write(IReadOnlyList<string> origins) => JsonSerializer.Serialize(origins, Options);

    public static IReadOnlyList<string> ReadOrigins(string json) => JsonSerializer.Deserialize<string[]>(json, Options) ?? [];
}
