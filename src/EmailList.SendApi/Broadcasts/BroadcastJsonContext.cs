using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmailList.SendApi.Broadcasts;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    AllowDuplicateProperties = false,
    MaxDepth = 16)]
[JsonSerializable(typeof(CreateBroadcastRequest))]
[JsonSerializable(typeof(UpdateBroadcastRequest))]
[JsonSerializable(typeof(PreviewBroadcastRequest))]
[JsonSerializable(typeof(TestBroadcastRequest))]
[JsonSerializable(typeof(SendBroadcastRequest))]
[JsonSerializable(typeof(PauseBroadcastRequest))]
[JsonSerializable(typeof(ResumeBroadcastRequest))]
internal sealed partial class BroadcastJsonContext : JsonSerializerContext;
