using System.Text.Json;
using System.Text.Json.Serialization;
using EmailList.QueryApi.Events;
using EmailList.QueryApi.Messages;
using EmailList.QueryApi.Stats;
using EmailList.QueryApi.Suppression;
using EmailList.QueryApi.Tenants;
using EmailList.QueryApi.Verify;
using EmailList.QueryApi.Webhooks;

namespace EmailList.QueryApi;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    AllowDuplicateProperties = false,
    MaxDepth = 16)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(EventListResponse))]
[JsonSerializable(typeof(EventDetail))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(SuppressionEntryResponse))]
[JsonSerializable(typeof(SuppressionListResponse))]
[JsonSerializable(typeof(PutSuppressionRequest))]
[JsonSerializable(typeof(ImportResponse))]
[JsonSerializable(typeof(SyncRequest))]
[JsonSerializable(typeof(SyncResponse))]
[JsonSerializable(typeof(VerifyStsResponse))]
[JsonSerializable(typeof(CreateTenantRequest))]
[JsonSerializable(typeof(UpdateTenantRequest))]
[JsonSerializable(typeof(SetRoleRequest))]
[JsonSerializable(typeof(TenantResponse))]
[JsonSerializable(typeof(OnboardingResponse))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(UpdateWebhookRequest))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSerializable(typeof(WebhookListResponse))]
[JsonSerializable(typeof(WebhookDeliveryResponse))]
[JsonSerializable(typeof(WebhookDeliveryListResponse))]
internal sealed partial class QueryApiJsonContext : JsonSerializerContext;
