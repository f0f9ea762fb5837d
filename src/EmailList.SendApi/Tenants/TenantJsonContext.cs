using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmailList.SendApi.Tenants;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CreateTenantRequest))]
[JsonSerializable(typeof(SetRoleRequest))]
[JsonSerializable(typeof(TenantResponse))]
internal sealed partial class TenantJsonContext : JsonSerializerContext;
