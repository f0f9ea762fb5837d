using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmailList.SendApi.Mail;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    AllowDuplicateProperties = false,
    MaxDepth = 16)]
[JsonSerializable(typeof(SendMailRequest))]
[JsonSerializable(typeof(SendMailResponse))]
[JsonSerializable(typeof(ScheduledMailResponse))]
[JsonSerializable(typeof(RescheduleMailRequest))]
internal sealed partial class SendApiJsonContext : JsonSerializerContext;
