using System.Text;
using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.Core.Tests;

/// <summary>What the composer writes is valid for SMTP: 7-bit, CRLF lines, lines within 998 characters, long headers folded.</summary>
public sealed class MimeComposerWireFormatTests
{
    private const int Seed = 20260310;
    private const int Cases = 300;

    [Fact]
    public void Non_ASCII_bodies_go_out_7_bit_in_quoted_printable_or_base64_and_read_back_as_given()
    {
        AssertEncodedForTransportAndReadBack(MailCase.Of(MailCase.Simple("Grüße aus Köln — 東京 😀\nZeile zwei", "<p>Grüße — 東京 😀</p>")));
    }

    [Fact]
    public void A_body_line_longer_than_998_characters_is_encoded_and_reads_back_whole()
    {
        var longLine = string.Concat(Enumerable.Repeat("0123456789", 120));
        AssertEncodedForTransportAndReadBack(MailCase.Of(MailCase.Simple("short\n" + longLine + "\nend", html: null)));
    }

    [Fact]
    public void Bodies_with_CR_LF_or_mixed_line_endings_go_out_with_CRLF_only()
    {
        var mail = MailCase.Of(MailCase.Simple("one\rtwo\nthree\r\nfour\r\rsix", "<p>a</p>\r<p>b</p>\n"));

        var raw = mail.Compose();

        MimeAssertions.IsSevenBitWithShortCrlfLines(mail, raw);
        MimeAssertions.BodiesReadBack(mail, MimeMessage.Load(new MemoryStream(raw)));
    }

    [Fact]
    public void Long_headers_in_any_script_are_folded()
    {
        var message = MailCase.Simple("Hi", html: null) with
        {
            From = new MailboxAddress(string.Join(' ', Enumerable.Repeat("Société Générale 東京支店", 8)), "news@acme.example"),
            To = [.. Enumerable.Range(0, 50).Select(i => new MailboxAddress(i % 2 == 0 ? $"Doe, Jane {i}" : $"Zoë 山田 {i} 🎉", $"user{i}@example.com"))],
            Subject = string.Join(' ', Enumerable.Repeat("Résumé of the quarterly report — 四半期報告", 10)),
            Headers = [new("X-Campaign", string.Join(' ', Enumerable.Repeat("autumn sale, «soldes» d'automne", 20)))],
            Attachments = [new MailAttachment(string.Join(' ', Enumerable.Repeat("Résumé 報告", 12)) + ".pdf", "application/pdf; x=1", new byte[] { 1, 2, 3 })],
        };
        var mail = MailCase.Of(message);

        var raw = mail.Compose();

        MimeAssertions.IsSevenBitWithShortCrlfLines(mail, raw);
        MimeAssertions.HeadersReadBack(mail, raw, MimeMessage.Load(new MemoryStream(raw)));

        // RFC 5322 asks for lines near 78 characters (SHOULD); MimeKit folds at its word boundaries, and its
        // encoded-words can run somewhat past 78, so the check is that every long header is folded at all.
        var text = Encoding.ASCII.GetString(raw);
        var headerBlock = "\r\n" + text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        foreach (var name in new[] { "From", "To", "Subject", "X-Campaign" })
        {
            var start = headerBlock.IndexOf("\r\n" + name + ": ", StringComparison.Ordinal);
            var firstLine = headerBlock[(start + 2)..].Split("\r\n")[0];
            Assert.True(firstLine.Length < 200, $"{name} was not folded: {firstLine.Length} characters on its first line");
            Assert.True(headerBlock[start + 2 + firstLine.Length + 2] is ' ' or '\t', $"{name} was not folded: {firstLine}");
        }
    }

    [Fact]
    public void Text_attachments_go_out_7_bit_whatever_their_bytes()
    {
        var mail = MailCase.Of(MailCase.Simple("See attached", html: null) with
        {
            Attachments = [new MailAttachment("notes.txt", "text/plain", Encoding.UTF8.GetBytes("première ligne\nzweite\rdritte\r\n\0"))],
        });

        var raw = mail.Compose();

        MimeAssertions.IsSevenBitWithShortCrlfLines(mail, raw);
        MimeAssertions.AttachmentsReadBack(mail, MimeMessage.Load(new MemoryStream(raw)));
    }

    [Fact]
    public void Random_messages_are_7_bit_with_CRLF_lines_of_legal_length_and_encoded_bodies()
    {
        RandomMail.CheckEach(Seed, Cases, mail =>
        {
            var raw = mail.Compose();
            MimeAssertions.IsSevenBitWithShortCrlfLines(mail, raw);
            MimeAssertions.BodiesAreEncodedForTransport(mail, MimeAssertions.Parse(mail, raw));
        });
    }

    private static void AssertEncodedForTransportAndReadBack(MailCase mail)
    {
        var raw = mail.Compose();

        MimeAssertions.IsSevenBitWithShortCrlfLines(mail, raw);
        var parsed = MimeMessage.Load(new MemoryStream(raw));
        MimeAssertions.BodiesAreEncodedForTransport(mail, parsed);
        MimeAssertions.BodiesReadBack(mail, parsed);
    }
}
