using MimeKit;

namespace EmailList.Core.Mail;

/// <summary>A validated message: addresses parsed, headers checked, attachments decoded.</summary>
public sealed record MailMessage
{
    public required MailboxAddress From { get; init; }
    public IReadOnlyList<MailboxAddress> To { get; init; } = [];
    public IReadOnlyList<MailboxAddress> Cc { get; init; } = [];
    public IReadOnlyList<MailboxAddress> Bcc { get; init; } = [];
    public IReadOnlyList<MailboxAddress> ReplyTo { get; init; } = [];
    public required string Subject { get; init; }
    public string? Html { get; init; }
    public string? Text { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];

    public IEnumerable<MailboxAddress> AllRecipients => To.Concat(Cc).Concat(Bcc);
}
