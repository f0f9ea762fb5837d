using System.Runtime.InteropServices;
using MimeKit;
using MimeKit.Utils;

namespace EmailList.Core.Mail;

/// <summary>
/// Builds the raw MIME that SES sends, with MimeKit: 7-bit (quoted-printable or base64 where needed), CRLF line
/// endings, headers folded to 78 characters, international domains in punycode. Bcc never appears in the headers;
/// SES gets it in the envelope.
/// </summary>
public static class MimeComposer
{
    private static readonly FormatOptions Format = CreateFormat();

    public static byte[] Compose(MailMessage message, IReadOnlyList<MailboxAddress> to, IReadOnlyList<MailboxAddress> cc, DateTimeOffset date) =>
        Compose(message, to, cc, date, MimeUtils.GenerateMessageId(AsciiAddress.Domain((message ?? throw new ArgumentNullException(nameof(message))).From.Domain)), newBoundary: null);

    /// <summary>The same, with the Message-Id (without angle brackets) and the multipart boundaries (outermost first) given: for tests.</summary>
    /// <exception cref="ArgumentException">A header name is not a field name, or an address has a local part beyond ASCII (SES cannot send it).</exception>
    internal static byte[] Compose(
        MailMessage message, IReadOnlyList<MailboxAddress> to, IReadOnlyList<MailboxAddress> cc, DateTimeOffset date, string messageId, Func<string>? newBoundary)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(cc);

        RefuseEncodedWords(message);

        // An empty header list: new MimeMessage() would format a Date and a Message-Id only to have them replaced.
        using var mime = new MimeMessage((IEnumerable<Header>)[]);
        AddMailboxes(mime.From, [message.From]);
        mime.Date = date;
        mime.Subject = message.Subject;
        mime.MessageId = messageId;
        AddMailboxes(mime.To, to);
        AddMailboxes(mime.Cc, cc);
        AddMailboxes(mime.ReplyTo, message.ReplyTo);
        foreach (var header in message.Headers)
        {
            // Header's constructor refuses a name that is not an RFC 5322 field name (spaces, colons, line breaks).
            mime.Headers.Add(new Header(header.Key, header.Value));
        }

        mime.Body = Body(message);
        if (newBoundary is not null)
        {
            SetBoundaries(mime.Body, newBoundary);
        }

        // Quoted-printable or base64 wherever a part is not already 7-bit with lines SMTP accepts.
        mime.Prepare(EncodingConstraint.SevenBit);

        using var output = new MemoryStream(EstimateSize(message));
        mime.WriteTo(Format, output);
        return output.ToArray();
    }

    private static void RefuseEncodedWords(MailMessage message)
    {
        var texts = new[] { message.Subject, message.From.Name }
            .Concat(message.To.Concat(message.Cc).Concat(message.ReplyTo).Select(m => m.Name))
            .Concat(message.Headers.Select(h => h.Value))
            .Concat(message.Attachments.Select(a => a.FileName));
        if (texts.Any(EncodedWordText.IsIn))
        {
            throw new ArgumentException("A subject, display name, header value or file name contains '=?', which opens an RFC 2047 encoded-word.", nameof(message));
        }
    }

    private static MimeEntity Body(MailMessage message)
    {
        var builder = new BodyBuilder { TextBody = LfLines(message.Text), HtmlBody = LfLines(message.Html) };
        if (message.Text is null && message.Html is null)
        {
            builder.TextBody = string.Empty;
        }

        foreach (var attachment in message.Attachments)
        {
            // MimeKit takes ownership of the stream; the part is disposed with the message.
            var part = builder.Attachments.Add(attachment.FileName, ReadOnlyStream(attachment.Content), ContentType.Parse(attachment.ContentType));

            // Base64 for every attachment: quoted-printable would canonicalize a text file's line endings, changing its bytes.
            ((MimePart)part).ContentTransferEncoding = ContentEncoding.Base64;
            if (HasSurrogatePair(attachment.FileName))
            {
                // MimeKit 4.18 can split a surrogate pair between two RFC 2231 continuations, which turns an emoji into
                // two U+FFFD; the RFC 2047 form (as Gmail and Outlook write it) keeps the name whole.
                foreach (var parameter in part.ContentType.Parameters.Concat(part.ContentDisposition?.Parameters ?? Enumerable.Empty<Parameter>()))
                {
                    parameter.EncodingMethod = ParameterEncodingMethod.Rfc2047;
                }
            }
        }

        return builder.ToMessageBody();
    }

    // A view of the decoded bytes, not a copy: an attachment may be tens of megabytes.
    private static MemoryStream ReadOnlyStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    // MimeKit writes LF as CRLF, but a bare CR would go out as is; SMTP allows CR only before LF.
    private static string? LfLines(string? body) =>
        body?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static void AddMailboxes(InternetAddressList list, IReadOnlyList<MailboxAddress> mailboxes)
    {
        foreach (var mailbox in mailboxes)
        {
            // The header names the address exactly as the SES envelope does (AsciiAddress: a local part beyond ASCII
            // is refused, an international domain lower-cased and in punycode).
            list.Add(new MailboxAddress(mailbox.Name, AsciiAddress.Of(mailbox)));
        }
    }

    private static bool HasSurrogatePair(string value)
    {
        foreach (var c in value)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
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

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        return format;
    }

    private static int EstimateSize(MailMessage message)
    {
        // Base64 with CRLF every 76 characters is 4/3 of the bytes plus 2/76; bodies may grow with
        // quoted-printable; headers and boundaries take a few hundred bytes per part.
        var attachmentBytes = message.Attachments.Sum(a => (long)a.Content.Length);
        var estimate = 1024L + (512L * message.Attachments.Count)
            + (attachmentBytes * 4 / 3) + (attachmentBytes / 38)
            + ((message.Html?.Length ?? 0) + (message.Text?.Length ?? 0)) * 3L / 2;
        return (int)Math.Min(estimate, Array.MaxLength);
    }
}
