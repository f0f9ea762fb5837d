using System.Text;
using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.Core.Tests;

public sealed class MimeComposerTests
{
    [Fact]
    public void Bcc_recipients_never_appear_in_the_message_and_attachments_do()
    {
        var message = new MailMessage
        {
            From = MailboxAddress.Parse("Acme <news@acme.example>"),
            To = [MailboxAddress.Parse("to@example.com")],
            Bcc = [MailboxAddress.Parse("secret@example.com")],
            Subject = "Hello",
            Html = "<p>Hi</p>",
            Text = "Hi",
            Headers = [new("X-Campaign", "autumn")],
            Attachments = [new MailAttachment("report.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 test"))],
        };

        var raw = MimeComposer.Compose(message, message.To, [], DateTimeOffset.UnixEpoch);
        var parsed = MimeMessage.Load(new MemoryStream(raw));

        Assert.DoesNotContain("secret@example.com", Encoding.ASCII.GetString(raw), StringComparison.Ordinal);
        Assert.Equal("Hello", parsed.Subject);
        Assert.Equal("autumn", parsed.Headers["X-Campaign"]);
        var attachment = Assert.Single(parsed.Attachments.OfType<MimePart>());
        Assert.Equal("report.pdf", attachment.FileName);
        using var content = new MemoryStream();
        attachment.Content!.DecodeTo(content);
        Assert.Equal("%PDF-1.4 test", Encoding.ASCII.GetString(content.ToArray()));
        Assert.Equal("<p>Hi</p>", parsed.HtmlBody);
    }

    [Fact]
    public void Every_line_ends_in_CRLF_and_the_message_id_names_the_senders_domain()
    {
        var message = new MailMessage
        {
            From = MailboxAddress.Parse("news@acme.example"),
            To = [MailboxAddress.Parse("to@example.com")],
            Subject = "Hello",
            Text = "line one\nline two",
        };

        var text = Encoding.ASCII.GetString(MimeComposer.Compose(message, message.To, [], DateTimeOffset.UnixEpoch));

        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.EndsWith("@acme.example", MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(text))).MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_are_written_once_each_in_the_usual_order_with_the_given_date()
    {
        var message = new MailMessage
        {
            From = MailboxAddress.Parse("Acme <news@acme.example>"),
            To = [MailboxAddress.Parse("to@example.com"), MailboxAddress.Parse("\"Doe, Jane\" <jane@example.com>")],
            ReplyTo = [MailboxAddress.Parse("reply@acme.example")],
            Subject = "Hello",
            Text = "Hi",
            Headers = [new("X-Campaign", "autumn")],
        };

        var text = Encoding.ASCII.GetString(MimeComposer.Compose(message, message.To, [MailboxAddress.Parse("cc@example.com")], DateTimeOffset.UnixEpoch));

        var headerBlock = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var names = headerBlock.Split("\r\n").Where(line => !line.StartsWith(' ')).Select(line => line[..line.IndexOf(':', StringComparison.Ordinal)]);
        Assert.Equal(["From", "Date", "Subject", "Message-Id", "To", "Cc", "Reply-To", "X-Campaign", "MIME-Version", "Content-Type"], names);
        Assert.Contains("\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nTo: to@example.com, \"Doe, Jane\" <jane@example.com>\r\n", text, StringComparison.Ordinal);
    }
}
