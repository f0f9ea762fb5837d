using System.Text;
using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.Core.Tests;

public sealed class MimeComposerInternationalAddressTests
{
    [Fact]
    public void An_international_domain_is_written_as_punycode_and_reads_back_as_the_same_domain()
    {
        var message = new MailMessage
        {
            From = new MailboxAddress("Bücher", "news@bücher.example"),
            To = [new MailboxAddress(null, "jane@bücher.example")],
            Subject = "Hello",
            Text = "Hi",
        };

        var raw = MimeComposer.Compose(message, message.To, [], DateTimeOffset.UnixEpoch);
        var parsed = MimeMessage.Load(new MemoryStream(raw));

        Assert.All(raw, b => Assert.True(b < 0x80));
        Assert.Contains("\r\nTo: jane@xn--bcher-kva.example\r\n", Encoding.ASCII.GetString(raw), StringComparison.Ordinal);
        Assert.Equal("Bücher", parsed.From.Mailboxes.Single().Name);
        Assert.EndsWith("@xn--bcher-kva.example>", parsed.Headers[HeaderId.MessageId], StringComparison.Ordinal);
    }

    [Fact]
    public void An_international_domain_in_capitals_is_written_as_the_punycode_of_its_lower_case()
    {
        var message = new MailMessage
        {
            From = new MailboxAddress(null, "news@example.com"),
            To = [new MailboxAddress(null, "jane@BÜCHER.example")],
            Subject = "Hello",
            Text = "Hi",
        };

        var raw = Encoding.ASCII.GetString(MimeComposer.Compose(message, message.To, [], DateTimeOffset.UnixEpoch));

        Assert.Contains("\r\nTo: jane@xn--bcher-kva.example\r\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_part_beyond_ASCII_is_refused_rather_than_written_as_8_bit()
    {
        var message = new MailMessage
        {
            From = new MailboxAddress(null, "news@example.com"),
            To = [new MailboxAddress(null, "jösé@example.com")],
            Subject = "Hello",
            Text = "Hi",
        };

        Assert.Throws<ArgumentException>(() => MimeComposer.Compose(message, message.To, [], DateTimeOffset.UnixEpoch));
    }
}
