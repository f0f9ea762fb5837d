using System.Text.Json.Serialization;

namespace EmailList.Sandbox.Ses;

// SES v2 rest-json request and response shapes; member names are the Smithy model's.

internal sealed record SendEmailInput(
    string? FromEmailAddress,
    DestinationInput? Destination,
    IReadOnlyList<string>? ReplyToAddresses,
    EmailContentInput? Content,
    IReadOnlyList<MessageTagInput>? EmailTags,
    string? ConfigurationSetName);

internal sealed record DestinationInput(IReadOnlyList<string>? ToAddresses, IReadOnlyList<string>? CcAddresses, IReadOnlyList<string>? BccAddresses);

internal sealed record EmailContentInput(SimpleMessageInput? Simple, RawMessageInput? Raw, object? Template);

internal sealed record SimpleMessageInput(ContentInput? Subject, BodyInput? Body, IReadOnlyList<AttachmentInput>? Attachments);

internal sealed record ContentInput(string? Data, string? Charset);

internal sealed record BodyInput(ContentInput? Text, ContentInput? Html);

/// <param name="Data">A blob: base64 on the wire.</param>
internal sealed record RawMessageInput(byte[]? Data);

internal sealed record AttachmentInput(byte[]? RawContent, string? FileName, string? ContentType);

internal sealed record MessageTagInput(string? Name, string? Value);

internal sealed record SendEmailOutput(string MessageId);

internal sealed record GetAccountOutput(
    bool DedicatedIpAutoWarmupEnabled,
    string EnforcementStatus,
    bool ProductionAccessEnabled,
    SendQuotaOutput SendQuota,
    bool SendingEnabled,
    SuppressionAttributesOutput SuppressionAttributes);

internal sealed record SendQuotaOutput(double Max24HourSend, double MaxSendRate, double SentLast24Hours);

internal sealed record SuppressionAttributesOutput(IReadOnlyList<string> SuppressedReasons);

internal sealed record PutSuppressedDestinationInput(string? EmailAddress, string? Reason);

internal sealed record EmptyOutput;

/// <param name="LastUpdateTime">Epoch seconds, the rest-json default for timestamps in a body.</param>
internal sealed record SuppressedDestinationSummaryOutput(string EmailAddress, string Reason, double LastUpdateTime);

internal sealed record ListSuppressedDestinationsOutput(
    IReadOnlyList<SuppressedDestinationSummaryOutput> SuppressedDestinationSummaries,
    string? NextToken);

internal sealed record SuppressedDestinationOutput(
    string EmailAddress,
    string Reason,
    double LastUpdateTime,
    [property: JsonPropertyName("Attributes")] SuppressedDestinationAttributesOutput Attributes);

internal sealed record SuppressedDestinationAttributesOutput(string MessageId, string FeedbackId);

internal sealed record GetSuppressedDestinationOutput(SuppressedDestinationOutput SuppressedDestination);

internal sealed record IdentityInfoOutput(string IdentityType, string IdentityName, bool SendingEnabled, string VerificationStatus);

internal sealed record ListEmailIdentitiesOutput(IReadOnlyList<IdentityInfoOutput> EmailIdentities, string? NextToken);

internal sealed record EmailTemplateContentInput(string? Subject, string? Html, string? Text);

internal sealed record CreateEmailTemplateInput(string? TemplateName, EmailTemplateContentInput? TemplateContent);

internal sealed record EmailTemplateContentOutput(string? Subject, string? Html, string? Text);

internal sealed record GetEmailTemplateOutput(string TemplateName, EmailTemplateContentOutput TemplateContent);

/// <param name="CreatedTimestamp">Epoch seconds, the rest-json default for timestamps in a body.</param>
internal sealed record EmailTemplateMetadataOutput(string TemplateName, double CreatedTimestamp);

internal sealed record ListEmailTemplatesOutput(IReadOnlyList<EmailTemplateMetadataOutput> TemplatesMetadata, string? NextToken);
