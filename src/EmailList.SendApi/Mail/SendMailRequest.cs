namespace EmailList.SendApi.Mail;

/// <summary>The body of POST /mail. Unknown members are refused at deserialization.</summary>
public sealed record SendMailRequest
{
    public string? From { get; init; }
    public IReadOnlyList<string>? To { get; init; }
    public IReadOnlyList<string>? Cc { get; init; }
    public IReadOnlyList<string>? Bcc { get; init; }
    public IReadOnlyList<string>? ReplyTo { get; init; }
    public string? Subject { get; init; }
    public string? Html { get; init; }
    public string? Text { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public IReadOnlyList<AttachmentRequest>? Attachments { get; init; }

    /// <summary>A stored template rendered into subject, html and text, instead of giving them.</summary>
    public TemplateReference? Template { get; init; }
}
