using System.Runtime.InteropServices;
using MimeKit;
using MimeKit.Utils;

namespace EmailList.Core.Mail;

/// <summary>Builds the raw MIME that SES sends. Bcc never appears in the headers; SES gets it in the envelope.</summary>
public static class MimeComposer
{
    // RFC 5322 lines end in CRLF whatever the platform; MimeKit's default follows the OS.
    private static readonly FormatOptions WireFormat = CreateWireFormat();

    public static byte[] Compose(MailMessage message, IReadOnlyList<MailboxAddress> to, IReadOnlyList<MailboxAddress> cc, DateTimeOffset date) =>
        Compose(message, to, cc, date, MimeUtils.GenerateMessageId((message ?? throw new ArgumentNullException(nameof(message))).From.Domain), NewBoundary);

    /// <summary>The same, with the Message-Id (without angle brackets) and the multipart boundaries (outermost first) given: for tests.</summary>
    internal static byte[] Compose(
        MailMessage message, IReadOnlyList<MailboxAddress> to, IReadOnlyList<MailboxAddress> cc, DateTimeOffset date, string messageId, Func<string> newBoundary)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(cc);

        // MimeMessage() fills in a Date and a Message-Id of its own (two headers formatted, then replaced): about
        // a third of the cost of composing a small message. Starting empty and setting the headers in the order
        // that constructor uses (From, Date, Subject, Message-Id) writes the same bytes.
        var mime = new MimeMessage((IEnumerable<Header>)[]);
        mime.From.Add(message.From);
        mime.Date = date;
        mime.Subject = message.Subject;
        mime.MessageId = messageId;
        for (var i = 0; i < to.Count; i++)
        {
            mime.To.Add(to[i]);
        }

        for (var i = 0; i < cc.Count; i++)
        {
            mime.Cc.Add(cc[i]);
        }

        for (var i = 0; i < message.ReplyTo.Count; i++)
        {
            mime.ReplyTo.Add(message.ReplyTo[i]);
        }

        for (var i = 0; i < message.Headers.Count; i++)
        {
            mime.Headers.Add(message.Headers[i].Key, message.Headers[i].Value);
        }

        var body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text };
        var attachmentBytes = 0L;
        for (var i = 0; i < message.Attachments.Count; i++)
        {
            var attachment = message.Attachments[i];
            body.Attachments.Add(attachment.FileName, WholeArray(attachment.Content), ContentType.Parse(attachment.ContentType));
            attachmentBytes += attachment.Content.Length;
        }

        mime.Body = body.ToMessageBody();
        SetBoundaries(mime.Body, newBoundary);

        // Sized for the whole message up front: growing by doubling copies a large message several times over.
        using var stream = new MemoryStream(EstimateSize(message, attachmentBytes));
        mime.WriteTo(WireFormat, stream);
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

    // The shape MimeKit uses: 128 random bits cannot occur in a body by chance.
    private static string NewBoundary()
    {
        Span<byte> random = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        return "=-" + Convert.ToBase64String(random);
    }

    // The validator decodes each attachment into an array of its own; copying it again would cost its size.
    private static byte[] WholeArray(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : content.ToArray();

    private static int EstimateSize(MailMessage message, long attachmentBytes)
    {
        // Base64 with CRLF every 76 characters is 4/3 of the bytes plus 2/76; bodies may grow with
        // quoted-printable; headers and boundaries take a few hundred bytes per part.
        var estimate = 1024L + (512L * message.Attachments.Count)
            + (attachmentBytes * 4 / 3) + (attachmentBytes / 38)
            + ((message.Html?.Length ?? 0) + (message.Text?.Length ?? 0)) * 3L / 2;
        return (int)Math.Min(estimate, Array.MaxLength);
    }

    private static FormatOptions CreateWireFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
