using System.Text.Json.Serialization;

namespace EmailList.Aws.Ses;

// SES v2 (rest-json) wire shapes; member names are the Smithy model's.

internal sealed record SendEmailRequest(
    string FromEmailAddress,
    SesWireDestination Destination,
    SesWireEmailContent Content,
    IReadOnlyList<SesWireMessageTag>? EmailTags,
    string? ConfigurationSetName);

internal sealed record SesWireDestination(
    IReadOnlyList<string>? ToAddresses,
    IReadOnlyList<string>? CcAddresses,
    IReadOnlyList<string>? BccAddresses);

internal sealed record SesWireEmailContent(SesWireRawMessage Raw);

/// <param name="Data">A blob: System.Text.Json writes it as base64, as rest-json expects.</param>
internal sealed record SesWireRawMessage(ReadOnlyMemory<byte> Data);

internal sealed record SesWireMessageTag(string Name, string Value);

internal sealed record SendEmailResponse(string? MessageId);

internal sealed record GetAccountResponse(
    SesWireSendQuota? SendQuota,
    bool SendingEnabled,
    bool ProductionAccessEnabled,
    string? EnforcementStatus);

internal sealed record SesWireSendQuota(double Max24HourSend, double MaxSendRate, double SentLast24Hours);

internal sealed record PutSuppressedDestinationRequest(string EmailAddress, string Reason);

internal sealed record ListSuppressedDestinationsResponse(
    IReadOnlyList<SesWireSuppressedDestinationSummary>? SuppressedDestinationSummaries,
    string? NextToken);

internal sealed record SesWireSuppressedDestinationSummary(
    string EmailAddress,
    string Reason,
    [property: JsonConverter(typeof(EpochSecondsConverter))] DateTimeOffset LastUpdateTime);

internal sealed record ListEmailIdentitiesResponse(IReadOnlyList<SesWireIdentityInfo>? EmailIdentities, string? NextToken);

internal sealed record SesWireIdentityInfo(string? IdentityType, string? IdentityName, bool SendingEnabled, string? VerificationStatus);

internal sealed record CreateConfigurationSetRequest(string ConfigurationSetName);

internal sealed record CreateConfigurationSetEventDestinationRequest(string EventDestinationName, SesWireEventDestinationDefinition EventDestination);

internal sealed record SesWireEventDestinationDefinition(
    bool Enabled,
    IReadOnlyList<string> MatchingEventTypes,
    SesWireEventBridgeDestination EventBridgeDestination);

internal sealed record SesWireEventBridgeDestination(string EventBusArn);

internal sealed record ListEmailTemplatesResponse(IReadOnlyList<SesWireEmailTemplateMetadata>? TemplatesMetadata, string? NextToken);

internal sealed record SesWireEmailTemplateMetadata(string? TemplateName);

internal sealed record GetEmailTemplateResponse(string? TemplateName, SesWireEmailTemplateContent? TemplateContent);

internal sealed record SesWireEmailTemplateContent(string? Subject, string? Html, string? Text);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendEmailRequest))]
[JsonSerializable(typeof(SendEmailResponse))]
[JsonSerializable(typeof(GetAccountResponse))]
[JsonSerializable(typeof(PutSuppressedDestinationRequest))]
[JsonSerializable(typeof(ListSuppressedDestinationsResponse))]
[JsonSerializable(typeof(ListEmailIdentitiesResponse))]
[JsonSerializable(typeof(CreateConfigurationSetRequest))]
[JsonSerializable(typeof(CreateConfigurationSetEventDestinationRequest))]
[JsonSerializable(typeof(ListEmailTemplatesResponse))]
[JsonSerializable(typeof(GetEmailTemplateResponse))]
internal sealed partial class SesJsonContext : JsonSerializerContext;
