using System.Text.Json;
using System.Text.Json.Serialization;
using EmailList.SendApi.Contacts;

namespace EmailList.SendApi.Lists;

/// <summary>The request bodies of /lists and /contacts, read strictly as POST /mail's are (unknown members refused).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    AllowDuplicateProperties = false,
    MaxDepth = 16)]
[JsonSerializable(typeof(CreateListRequest))]
[JsonSerializable(typeof(UpdateListRequest))]
[JsonSerializable(typeof(CreateContactRequest))]
[JsonSerializable(typeof(UpdateContactRequest))]
[JsonSerializable(typeof(SubscribeRequest))]
internal sealed partial class ListApiJsonContext : JsonSerializerContext;
