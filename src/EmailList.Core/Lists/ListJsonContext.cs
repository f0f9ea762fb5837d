using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EmailList.Core.Lists;

[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ListJsonContext : JsonSerializerContext;
