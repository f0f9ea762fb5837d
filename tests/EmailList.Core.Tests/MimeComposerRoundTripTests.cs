using System.Text;
using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.Core.Tests;

/// <summary>What the composer writes reads back, through MimeKit's parser, as what it was given.</summary>
public sealed class MimeComposerRoundTripTests
{
    private const int Seed = 20260309;
    private const int Cases = 300;

    [Fact]
    public void Text_alone_is_a_single_utf8_text_plain_part()
    {
        var mail = MailCase.Of(MailCase.Simple(text: "Hello\nthere", html: null));

        var parsed = MimeMessage.Load(new MemoryStream(mail.Compose()));

        var part = Assert.IsType<TextPart>(parsed.Body);
        Assert.Equal("text/plain", part.ContentType.MimeType);
        Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
        MimeAssertions.BodiesReadBack(mail, parsed);
    }

    [Fact]
    public void Html_alone_is_a_single_utf8_text_html_part()
    {
        var mail = MailCase.Of(MailCase.Simple(text: null, html: "<p>Hello</p>"));

        var parsed = MimeMessage.Load(new MemoryStream(mail.Compose()));

        var part = Assert.IsType<TextPart>(parsed.Body);
        Assert.Equal("text/html", part.ContentType.MimeType);
        Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
        Assert.Null(parsed.TextBody);
        MimeAssertions.BodiesReadBack(mail, parsed);
    }

    [Fact]
    public void Text_and_html_are_a_multipart_alternative_with_the_text_first()
    {
        var mail = MailCase.Of(MailCase.Simple(text: "Hello", html: "<p>Hello</p>"));

        var parsed = MimeMessage.Load(new MemoryStream(mail.Compose()));

        var alternative = Assert.IsType<MultipartAlternative>(parsed.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(part => part.ContentType.MimeType));
        Assert.Equal("b1", alternative.Boundary);
        MimeAssertions.BodiesReadBack(mail, parsed);
    }

    [Fact]
    public void Attachments_follow_the_body_in_a_multipart_mixed_in_the_order_given_with_their_names_types_and_bytes()
    {
        var mail = MailCase.Of(MailCase.Simple(text: "See attached", html: "<p>See attached</p>") with
        {
            Attachments =
            [
                new MailAttachment("Résumé 2024.pdf", "application/pdf; x=1", Encoding.ASCII.GetBytes("%PDF-1.4 one")),
                new MailAttachment("a\"b.txt", "application/octet-stream", new byte[] { 0, 1, 2, 0xFF, 0xFE, 13, 10, 10, 13 }),
                new MailAttachment("報告.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 three")),
            ],
        });

        var parsed = MimeMessage.Load(new MemoryStream(mail.Compose()));

        var mixed = Assert.IsType<Multipart>(parsed.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        Assert.Equal("b1", mixed.Boundary);
        Assert.Equal("b2", Assert.IsType<MultipartAlternative>(mixed[0]).Boundary);
        Assert.Equal(["Résumé 2024.pdf", "a\"b.txt", "報告.pdf"], mixed.Skip(1).Select(part => ((MimePart)part).FileName));
        MimeAssertions.AttachmentsReadBack(mail, parsed);
        MimeAssertions.BodiesReadBack(mail, parsed);
    }

    [Fact]
    public void A_text_attachment_with_LF_lines_and_non_ASCII_bytes_decodes_to_exactly_those_bytes()
    {
        var mail = MailCase.Of(MailCase.Simple(text: "Two files", html: null) with
        {
            Attachments =
            [
                new MailAttachment("notes.txt", "text/plain", Encoding.UTF8.GetBytes("première ligne\nzweite Zeile: Größe\n報告\n")),
                new MailAttachment("latin1.csv", "text/csv; charset=iso-8859-1", Encoding.Latin1.GetBytes("nom;prix\ncafé;2\n")),
            ],
        });

        var raw = mail.Compose();

        MimeAssertions.AttachmentsReadBack(mail, MimeMessage.Load(new MemoryStream(raw)));
    }

    [Fact]
    public void Names_subjects_and_header_values_in_any_script_or_needing_quotes_read_back_as_given()
    {
        var message = MailCase.Simple(text: "Hi", html: null) with
        {
            From = new MailboxAddress("Zoë \"Z\" Ørsted, Ph.D.", "zoe@acme.example"),
            To = [new MailboxAddress("Doe, Jane", "jane@example.com"), new MailboxAddress("O'Brien", "ob@example.com"), new MailboxAddress("山田 太郎", "taro@example.com")],
            Cc = [new MailboxAddress("back\\slash (not a comment)", "bs@example.com")],
            ReplyTo = [new MailboxAddress("Support 🎉", "support@acme.example")],
            Subject = "Réunion: \"quoted\", 報告 😀 " + string.Join(' ', Enumerable.Repeat("long", 60)),
            Headers = [new("X-Campaign", "automne — 秋 \\ \"x\""), new("X-Campaign", "second"), new("List-Unsubscribe", "<mailto:unsubscribe@acme.example?subject=stop>")],
        };
        var mail = MailCase.Of(message);

        var raw = mail.Compose();

        MimeAssertions.HeadersReadBack(mail, raw, MimeMessage.Load(new MemoryStream(raw)));
    }

    [Fact]
    public void Question_marks_and_equals_signs_that_open_no_encoded_word_read_back_literally()
    {
        var message = MailCase.Simple(text: "Hi", html: null) with
        {
            From = new MailboxAddress("Acme ?= = ?", "news@acme.example"),
            To = [new MailboxAddress("Jane ?q?hi?=", "jane@example.com")],
            Subject = "Literally ?= alone, and 2+2 = ? and ?B?SGk=",
            Headers = [new("X-Note", "?q?hi?= stays")],
        };
        var mail = MailCase.Of(message);

        var raw = mail.Compose();

        MimeAssertions.HeadersReadBack(mail, raw, MimeMessage.Load(new MemoryStream(raw)));
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("display name")]
    [InlineData("header")]
    [InlineData("file name")]
    public void Text_that_opens_an_RFC_2047_encoded_word_is_refused_rather_than_decoded_by_the_reader(string where)
    {
        // A reader decodes what looks like =?charset?enc?text?=, and MimeKit writes ASCII as given.
        const string encoded = "=?utf-8?B?SGk=?=";
        var message = MailCase.Simple(text: "Hi", html: null);
        message = where switch
        {
            "subject" => message with { Subject = "Literally " + encoded },
            "display name" => message with { To = [new MailboxAddress("Jane " + encoded, "jane@example.com")] },
            "header" => message with { Headers = [new("X-Note", encoded)] },
            _ => message with { Attachments = [new MailAttachment(encoded + ".txt", "text/plain", new byte[] { 1 })] },
        };

        Assert.Throws<ArgumentException>(() => MimeComposer.Compose(message, message.To, [], DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Random_messages_read_back_their_headers()
    {
        RandomMail.CheckEach(Seed, Cases, mail =>
        {
            var raw = mail.Compose();
            MimeAssertions.HeadersReadBack(mail, raw, MimeAssertions.Parse(mail, raw));
        });
    }

    [Fact]
    public void Random_messages_read_back_their_bodies()
    {
        RandomMail.CheckEach(Seed, Cases, mail => MimeAssertions.BodiesReadBack(mail, MimeAssertions.Parse(mail, mail.Compose())));
    }

    [Fact]
    public void Random_messages_read_back_their_attachments_byte_for_byte()
    {
        RandomMail.CheckEach(Seed, Cases, mail => MimeAssertions.AttachmentsReadBack(mail, MimeAssertions.Parse(mail, mail.Compose())));
    }
}
