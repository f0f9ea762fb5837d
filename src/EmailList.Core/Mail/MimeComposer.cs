using System.Security.Cryptography;
using EmailList.Core.Mail.Mime;
using MimeKit;
using MimeKit.Utils;

namespace EmailList.Core.Mail;

/// <summary>
/// Builds the raw MIME that SES sends, written straight into bytes: MimeKit's object model cost about 22 KB and
/// most of the GC promotion of each request. Bcc never appears in the headers; SES gets it in the envelope.
/// </summary>
public static class MimeComposer
{
    public static byte[] Compose(MailMessage message, IReadOnlyList<MailboxAddress> to, IReadOnlyList<MailboxAddress> cc, DateTimeOffset date) =>
        Compose(message, to, cc, date, MimeUtils.GenerateMessageId((message ?? throw new ArgumentNullException(nameof(message))).From.Domain), NewBoundary);

    /// <summary>The same, with the Message-Id (without angle brackets) and the multipart boundaries (outermost first) given: for tests.</summary>
    internal static byte[] Compose(
        MailMessage message, IReadOnlyList<MailboxAddress> to, IReadOnlyList<MailboxAddress> cc, DateTimeOffset date, string messageId, Func<string> newBoundary)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(cc);

        var attachmentBytes = 0L;
        for (var i = 0; i < message.Attachments.Count; i++)
        {
            attachmentBytes += message.Attachments[i].Content.Length;
        }

        using var output = new MimeOutput(EstimateSize(message, attachmentBytes));
        HeaderEncoder.WriteMailboxes(output, "From", [message.From]);
        HeaderEncoder.WriteDate(output, date);
        HeaderEncoder.WriteUnstructured(output, "Subject", message.Subject);
        output.Write("Message-Id: <");
        output.Write(messageId);
        output.Write('>');
        output.NewLine();
        WriteMailboxesIfAny(output, "To", to);
        WriteMailboxesIfAny(output, "Cc", cc);
        WriteMailboxesIfAny(output, "Reply-To", message.ReplyTo);
        for (var i = 0; i < message.Headers.Count; i++)
        {
            HeaderEncoder.WriteUnstructured(output, message.Headers[i].Key, message.Headers[i].Value);
        }

        output.Write("MIME-Version: 1.0");
        output.NewLine();

        if (message.Attachments.Count == 0)
        {
            WriteBody(output, message, newBoundary);
            if (output.LineLength > 0)
            {
                output.NewLine();
            }
        }
        else
        {
            var boundary = newBoundary();
            WriteMultipartStart(output, "mixed", boundary);
            if (message.Text is not null || message.Html is not null)
            {
                WriteBody(output, message, newBoundary);
                WriteDelimiter(output, boundary);
            }

            for (var i = 0; i < message.Attachments.Count; i++)
            {
                WriteAttachment(output, message.Attachments[i]);
                WriteDelimiter(output, boundary, last: i == message.Attachments.Count - 1);
            }
        }

        return output.ToArray();
    }

    /// <summary>The text and HTML as one part, or as multipart/alternative (plain text first) when there are both.</summary>
    private static void WriteBody(MimeOutput output, MailMessage message, Func<string> newBoundary)
    {
        if (message.Text is not null && message.Html is not null)
        {
            var boundary = newBoundary();
            WriteMultipartStart(output, "alternative", boundary);
            BodyEncoder.WriteTextPart(output, "plain", message.Text);
            WriteDelimiter(output, boundary);
            BodyEncoder.WriteTextPart(output, "html", message.Html);
            WriteDelimiter(output, boundary, last: true);
        }
        else if (message.Html is not null)
        {
            BodyEncoder.WriteTextPart(output, "html", message.Html);
        }
        else
        {
            BodyEncoder.WriteTextPart(output, "plain", message.Text ?? string.Empty);
        }
    }

    private static void WriteAttachment(MimeOutput output, MailAttachment attachment)
    {
        var contentType = ContentType.Parse(attachment.ContentType);
        output.Write("Content-Type: ");
        output.Write(contentType.MediaType);
        output.Write('/');
        output.Write(contentType.MediaSubtype);
        foreach (var parameter in contentType.Parameters)
        {
            if (!parameter.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
            {
                HeaderEncoder.WriteParameter(output, parameter.Name, parameter.Value);
            }
        }

        HeaderEncoder.WriteParameter(output, "name", attachment.FileName);
        output.NewLine();
        output.Write("Content-Transfer-Encoding: base64");
        output.NewLine();
        output.Write("Content-Disposition: attachment");
        HeaderEncoder.WriteParameter(output, "filename", attachment.FileName);
        output.NewLine();
        output.NewLine();
        BodyEncoder.WriteBase64(output, attachment.Content.Span);
    }

    private static void WriteMailboxesIfAny(MimeOutput output, string name, IReadOnlyList<MailboxAddress> mailboxes)
    {
        if (mailboxes.Count > 0)
        {
            HeaderEncoder.WriteMailboxes(output, name, mailboxes);
        }
    }

    private static void WriteMultipartStart(MimeOutput output, string subtype, string boundary)
    {
        output.Write("Content-Type: multipart/");
        output.Write(subtype);
        HeaderEncoder.WriteParameter(output, "boundary", boundary);
        output.NewLine();
        output.NewLine();
        output.Write("--");
        output.Write(boundary);
        output.NewLine();
    }

    // The CRLF before a boundary belongs to the delimiter (RFC 2046 5.1.1), so it is written even after a line break.
    private static void WriteDelimiter(MimeOutput output, string boundary, bool last = false)
    {
        output.NewLine();
        output.Write("--");
        output.Write(boundary);
        if (last)
        {
            output.Write("--");
        }

        output.NewLine();
    }

    // The shape MimeKit uses: 128 random bits cannot occur in a body by chance.
    private static string NewBoundary()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return "=-" + Convert.ToBase64String(random);
    }

    private static int EstimateSize(MailMessage message, long attachmentBytes)
    {
        // Base64 with CRLF every 76 characters is 4/3 of the bytes plus 2/76; bodies may grow with
        // quoted-printable; headers and boundaries take a few hundred bytes per part.
        var estimate = 1024L + (512L * message.Attachments.Count)
            + (attachmentBytes * 4 / 3) + (attachmentBytes / 38)
            + ((message.Html?.Length ?? 0) + (message.Text?.Length ?? 0)) * 3L / 2;
        return (int)Math.Min(estimate, Array.MaxLength);
    }
}
