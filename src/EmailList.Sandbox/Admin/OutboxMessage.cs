namespace EmailList.Sandbox.Admin;

/// <summary>One message SES accepted, as the sandbox recorded it.</summary>
/// <param name="RoleArn">The role whose session sent it; null when the platform's own key did.</param>
/// <param name="Raw">The raw MIME as text, when the message was sent as Content.Raw.</param>
/// <param name="SimulatorOutcomes">Per recipient: Delivery, Bounce, Complaint, AutoReply or SuppressionListBounce.</param>
/// <param name="Suppressed">Recipients on the account's suppression list: accepted, but SES would not deliver to them.</param>
/// <param name="Region">The region SendEmail was signed for: the SES region that sent it.</param>
/// <param name="SourceIp">The address SendEmail was called from (SES's <c>ses:source-ip</c> tag).</param>
public sealed record OutboxMessage(
    string MessageId,
    string AccountId,
    string? RoleArn,
    string From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<string> Bcc,
    IReadOnlyList<string> ReplyTo,
    string? Subject,
    string? ConfigurationSetName,
    IReadOnlyDictionary<string, string> Tags,
    string? Raw,
    string? TextBody,
    string? HtmlBody,
    IReadOnlyList<OutboxAttachment> Attachments,
    IReadOnlyDictionary<string, string> SimulatorOutcomes,
    IReadOnlyList<string> Suppressed,
    DateTimeOffset SentAt,
    string? SourceIp = null,
    string? Region = null);
