using System.Text;
using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.Core.Tests;

/// <summary>The composer's contract, checked on its output with MimeKit's parser as an independent reader.</summary>
internal static class MimeAssertions
{
    private const int MaxLineLength = 998;

    private static readonly HashSet<string> ComposerHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Date", "Subject", "Message-Id", "To", "Cc", "Reply-To", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    };

    /// <summary>SMTP-safe: 7-bit bytes, CRLF line ends only, lines of at most 998 characters (RFC 5322's limit).</summary>
    public static void IsSevenBitWithShortCrlfLines(MailCase mail, byte[] raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] >= 0x80)
            {
                Fail(mail, $"byte 0x{raw[i]:X2} at offset {i} is not 7-bit, in line: {LineAround(raw, i)}");
            }

            if (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n'))
            {
                Fail(mail, $"bare CR at offset {i}, in line: {LineAround(raw, i)}");
            }

            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'))
            {
                Fail(mail, $"bare LF at offset {i}, in line: {LineAround(raw, i)}");
            }
        }

        var lines = Encoding.Latin1.GetString(raw).Split("\r\n");
        foreach (var line in lines)
        {
            if (line.Length > MaxLineLength)
            {
                Fail(mail, $"a line of {line.Length} characters: {Shorten(line)}");
            }

        }
    }

    /// <summary>Bodies that are not short-lined ASCII go out quoted-printable or base64, never as raw 8-bit or overlong lines.</summary>
    public static void BodiesAreEncodedForTransport(MailCase mail, MimeMessage parsed)
    {
        foreach (var (input, part) in BodyParts(mail, parsed))
        {
            if (input is null || IsShortLinedAscii(input))
            {
                continue;
            }

            if (part.ContentTransferEncoding is not (ContentEncoding.QuotedPrintable or ContentEncoding.Base64))
            {
                Fail(mail, $"the {part.ContentType.MimeType} body is not short-lined ASCII but its Content-Transfer-Encoding is {part.ContentTransferEncoding}");
            }
        }
    }

    /// <summary>Headers in the contract's order; subject, addresses, custom headers, Date and Message-Id read back as given; Bcc appears nowhere.</summary>
    public static void HeadersReadBack(MailCase mail, byte[] raw, MimeMessage parsed)
    {
        var message = mail.Message;
        HasHeadersInOrder(mail, raw);

        Same(mail, "Subject", message.Subject, parsed.Subject);
        Same(mail, "Date", mail.Date, parsed.Date);
        Same(mail, "Message-Id", mail.MessageId, parsed.MessageId);
        SameMailboxes(mail, "From", [message.From], parsed.From);
        SameMailboxes(mail, "To", mail.To, parsed.To);
        SameMailboxes(mail, "Cc", mail.Cc, parsed.Cc);
        SameMailboxes(mail, "Reply-To", message.ReplyTo, parsed.ReplyTo);
        var customHeaders = parsed.Headers.Where(h => !ComposerHeaders.Contains(h.Field)).Select(h => $"{h.Field}: {h.Value}");
        SameSequence(mail, "custom headers", message.Headers.Select(h => $"{h.Key}: {h.Value}"), customHeaders);

        var text = Encoding.Latin1.GetString(raw);
        foreach (var bcc in message.Bcc)
        {
            if (text.Contains(bcc.Address, StringComparison.OrdinalIgnoreCase))
            {
                Fail(mail, $"the Bcc address {bcc.Address} appears in the message");
            }
        }
    }

    /// <summary>The body's shape (single part, alternative, mixed) and its text read back as given, up to line endings and trailing newlines.</summary>
    public static void BodiesReadBack(MailCase mail, MimeMessage parsed)
    {
        foreach (var (input, part) in BodyParts(mail, parsed))
        {
            Same(mail, part.ContentType.MimeType + " body", Normalized(input), Normalized(part.Text));
        }

        Same(mail, "TextBody", Normalized(mail.Message.Text), Normalized(parsed.TextBody));
        Same(mail, "HtmlBody", Normalized(mail.Message.Html), Normalized(parsed.HtmlBody));
    }

    /// <summary>Attachments after the body, in order, with their file names, media types and parameters, and exactly their bytes.</summary>
    public static void AttachmentsReadBack(MailCase mail, MimeMessage parsed)
    {
        BodyParts(mail, parsed);
        var attachments = mail.Message.Attachments;
        if (attachments.Count == 0)
        {
            return;
        }

        var mixed = As<Multipart>(mail, "the top-level body", parsed.Body);
        for (var i = 0; i < attachments.Count; i++)
        {
            var expected = attachments[i];
            var part = As<MimePart>(mail, $"attachment {i}", mixed[i + 1]);
            var what = $"attachment {i} ({expected.FileName})";
            Same(mail, what + " file name", expected.FileName, part.FileName);

            var expectedType = ContentType.Parse(expected.ContentType);
            Same(mail, what + " media type", expectedType.MimeType.ToLowerInvariant(), part.ContentType.MimeType.ToLowerInvariant());
            foreach (var parameter in expectedType.Parameters)
            {
                Same(mail, $"{what} Content-Type parameter {parameter.Name}", parameter.Value, part.ContentType.Parameters[parameter.Name]);
            }

            var extra = part.ContentType.Parameters.Select(p => p.Name)
                .Where(name => !expectedType.Parameters.Contains(name) && !name.Equals("name", StringComparison.OrdinalIgnoreCase));
            SameSequence(mail, what + " Content-Type parameters not given", [], extra);

            using var decoded = new MemoryStream();
            part.Content?.DecodeTo(decoded);
            if (!decoded.ToArray().AsSpan().SequenceEqual(expected.Content.Span))
            {
                Fail(mail, $"{what}: {decoded.Length} bytes decoded, {expected.Content.Length} given, different; {part.ContentType.MimeType}"
                    + $" (Content-Transfer-Encoding {part.ContentTransferEncoding})");
            }
        }
    }

    /// <summary>Parses raw MIME with MimeKit, failing with the case's name if it cannot be read.</summary>
    public static MimeMessage Parse(MailCase mail, byte[] raw)
    {
        try
        {
            return MimeMessage.Load(new MemoryStream(raw));
        }
        catch (FormatException e)
        {
            Fail(mail, "MimeKit cannot read the message: " + e.Message);
            throw;
        }
    }

    private static void HasHeadersInOrder(MailCase mail, byte[] raw)
    {
        // MimeKit files Content-* headers under the body, so the order is read from the bytes.
        var text = Encoding.Latin1.GetString(raw);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var names = (end < 0 ? text : text[..end]).Split("\r\n")
            .Where(line => line.Length > 0 && line[0] is not (' ' or '\t'))
            .Select(line => line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? line[..colon] : line)
            .ToList();

        List<string> expected = ["From", "Date", "Subject", "Message-Id"];
        if (mail.To.Count > 0 || names.Contains("To"))
        {
            // With no To recipient (Bcc only) a To header is optional; with one it is required.
            expected.Add("To");
        }

        if (mail.Cc.Count > 0)
        {
            expected.Add("Cc");
        }

        if (mail.Message.ReplyTo.Count > 0)
        {
            expected.Add("Reply-To");
        }

        expected.AddRange(mail.Message.Headers.Select(h => h.Key));
        expected.Add("MIME-Version");
        expected.Add("Content-Type");
        if (names.Contains("Content-Transfer-Encoding"))
        {
            expected.Add("Content-Transfer-Encoding");
        }

        SameSequence(mail, "header names in order", expected, names);
    }

    /// <summary>Each body part paired with the input it was made from, after checking the body's shape.</summary>
    private static List<(string? Input, TextPart Part)> BodyParts(MailCase mail, MimeMessage parsed)
    {
        var message = mail.Message;
        var body = parsed.Body;
        if (message.Attachments.Count > 0)
        {
            var mixed = As<Multipart>(mail, "the top-level body", body);
            Same(mail, "top-level Content-Type", "multipart/mixed", mixed.ContentType.MimeType.ToLowerInvariant());
            Same(mail, "parts of multipart/mixed", 1 + message.Attachments.Count, mixed.Count);
            body = mixed[0];
        }

        if (message.Text is not null && message.Html is not null)
        {
            var alternative = As<Multipart>(mail, "the body", body);
            Same(mail, "body Content-Type", "multipart/alternative", alternative.ContentType.MimeType.ToLowerInvariant());
            Same(mail, "parts of multipart/alternative", 2, alternative.Count);
            return [(message.Text, TextPartOf(mail, "plain", alternative[0])), (message.Html, TextPartOf(mail, "html", alternative[1]))];
        }

        return message.Html is not null ? [(message.Html, TextPartOf(mail, "html", body))] : [(message.Text, TextPartOf(mail, "plain", body))];
    }

    private static TextPart TextPartOf(MailCase mail, string subtype, MimeEntity? entity)
    {
        var part = As<TextPart>(mail, "text/" + subtype + " body", entity);
        Same(mail, "body Content-Type", $"text/{subtype}; charset=utf-8",
            $"{part.ContentType.MimeType}; charset={part.ContentType.Charset}".ToLowerInvariant());
        return part;
    }

    private static T As<T>(MailCase mail, string what, MimeEntity? entity)
        where T : MimeEntity
    {
        if (entity is not T typed)
        {
            Fail(mail, $"{what} is a {entity?.GetType().Name} ({entity?.ContentType.MimeType}), not a {typeof(T).Name}");
            throw new InvalidOperationException();
        }

        return typed;
    }

    private static void SameMailboxes(MailCase mail, string header, IEnumerable<MailboxAddress> expected, InternetAddressList actual)
    {
        var parsedMailboxes = actual.Count == actual.Mailboxes.Count() ? actual.Mailboxes : [];
        SameSequence(mail, header, expected.Select(Show), parsedMailboxes.Select(Show));

        static string Show(MailboxAddress mailbox) => $"[{mailbox.Name ?? ""}] <{mailbox.Address}>";
    }

    private static string? Normalized(string? body) =>
        body?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd('\n');

    private static bool IsShortLinedAscii(string body)
    {
        var lineLength = 0;
        foreach (var c in body)
        {
            if (c >= 0x80)
            {
                return false;
            }

            lineLength = c is '\r' or '\n' ? 0 : lineLength + 1;
            if (lineLength > MaxLineLength)
            {
                return false;
            }
        }

        return true;
    }

    private static void Same<T>(MailCase mail, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Fail(mail, $"{what}: expected {Shorten(expected?.ToString())}, read back {Shorten(actual?.ToString())}");
        }
    }

    private static void SameSequence(MailCase mail, string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        if (!e.SequenceEqual(a, StringComparer.Ordinal))
        {
            var at = Enumerable.Range(0, Math.Min(e.Count, a.Count)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Count, a.Count));
            Fail(mail, $"{what}: {e.Count} expected, {a.Count} read back; first difference at {at}: expected "
                + $"{Shorten(at < e.Count ? e[at] : "(none)")}, read back {Shorten(at < a.Count ? a[at] : "(none)")}");
        }
    }

    private static string LineAround(byte[] raw, int offset)
    {
        var start = Math.Max(0, offset - 60);
        return Shorten(Encoding.Latin1.GetString(raw, start, Math.Min(raw.Length, offset + 60) - start));
    }

    private static string Shorten(string? value) =>
        value is null ? "(null)" : value.Length <= 300 ? $"\"{value}\"" : $"\"{value[..300]}\"... ({value.Length} characters)";

    private static void Fail(MailCase mail, string message) => Assert.Fail($"{mail.Name}: {message}");
}
