using System.Text.Json;
using System.Text.Json.Serialization;
using EmailList.SendApi.Mail.Batch;
using EmailList.SendApi.Templates;

namespace EmailList.SendApi.Mail;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    AllowDuplicateProperties = false,
    MaxDepth = 16)]
[JsonSerializable(typeof(SendMailRequest))]
[JsonSerializable(typeof(SendMailResponse))]
[JsonSerializable(typeof(List<SendMailRequest?>))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(CreateTemplateRequest))]
[JsonSerializable(typeof(UpdateTemplateRequest))]
[JsonSerializable(typeof(RenderTemplateRequest))]
[JsonSerializable(typeof(TemplateResponse))]
[JsonSerializable(typeof(TemplateListResponse))]
[JsonSerializable(typeof(RenderedTemplateResponse))]
[JsonSerializable(typeof(TemplateImportResponse))]
[JsonSerializable(typeof(ScheduledMailResponse))]
[JsonSerializable(typeof(RescheduleMailRequest))]
internal sealed partial class SendApiJsonContext : JsonSerializerContext;
