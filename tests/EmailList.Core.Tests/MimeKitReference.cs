using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.Core.Tests;

/// <summary>
/// The message MimeKit's object model writes for a <see cref="MailMessage"/>: the oracle the composer is compared
/// with byte for byte where MimeKit's output is valid for SMTP (ASCII headers and short ASCII bodies).
/// </summary>
internal static class MimeKitReference
{
    public static byte[] Compose(
        MailMessage message, IReadOnlyList<MailboxAddress> to, IReadOnlyList<MailboxAddress> cc, DateTimeOffset date, string messageId, Func<string> newBoundary)
    {
        // new MimeMessage() would add a Date and a Message-Id of its own first; the order below is the one it uses.
        var mime = new MimeMessage((IEnumerable<Header>)[]);
        mime.From.Add(message.From);
        mime.Date = date;
        mime.Subject = message.Subject;
        mime.MessageId = messageId;
        mime.To.AddRange(to);
        mime.Cc.AddRange(cc);
        mime.ReplyTo.AddRange(message.ReplyTo);
        foreach (var header in message.Headers)
        {
            mime.Headers.Add(header.Key, header.Value);
        }

        var body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content.ToArray(), ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();
        SetBoundaries(mime.Body, newBoundary);

        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        mime.WriteTo(format, stream);
        return stream.ToArray();
    }

    private static void SetBoundaries(MimeEntity entity, Func<string> newBoundary)
    {
        if (entity is Multipart multipart)
        {
            multipart.Boundary = newBoundary();
            foreach (var child in multipart)
            {
                SetBoundaries(child, newBoundary);
            }
        }
    }
}
