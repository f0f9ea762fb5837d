using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmailList.Core.Webhooks;

/// <summary>The payloads' serializer: the web defaults (camelCase) the query API serves events with.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookEventEnvelope))]
[JsonSerializable(typeof(WebhookContactEnvelope))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
