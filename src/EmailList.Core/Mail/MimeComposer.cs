using MimeKit;
using MimeKit.Utils;

namespace EmailList.Core.Mail;

/// <summary>Builds the raw MIME that SES sends. Bcc never appears in the headers; SES gets it in the envelope.</summary>
public static class MimeComposer
{
    // RFC 5322 lines end in CRLF whatever the platform; MimeKit's default follows the OS.
    private static readonly FormatOptions WireFormat = CreateWireFormat();

    public static byte[] Compose(MailMessage message, IReadOnlyList<MailboxAddress> to, IReadOnlyList<MailboxAddress> cc, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = date,
            MessageId = MimeUtils.GenerateMessageId(message.From.Domain),
        };
        mime.From.Add(message.From);
        mime.To.AddRange(to);
        mime.Cc.AddRange(cc);
        mime.ReplyTo.AddRange(message.ReplyTo);
        foreach (var (name, value) in message.Headers)
        {
            mime.Headers.Add(name, value);
        }

        var body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content.ToArray(), ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();
        using var stream = new MemoryStream();
        mime.WriteTo(WireFormat, stream);
        return stream.ToArray();
    }

    private static FormatOptions CreateWireFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
