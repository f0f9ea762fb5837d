using EmailList.Core.Mail;
using EmailList.Core.Suppression;
using MimeKit;

namespace EmailList.Core.Tests;

public sealed class StoredMailMessageTests
{
    private static readonly DateTimeOffset Date = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static MailMessage International() => new()
    {
        From = new MailboxAddress("Bücherei Müller", "news@bücher.example"),
        To = [new MailboxAddress("José Ñandú", "jose@xn--bcher-kva.example"), new MailboxAddress(null, "plain@example.com")],
        Cc = [new MailboxAddress("山田 太郎", "taro@例え.jp")],
        Bcc = [new MailboxAddress("\"Quoted\", Name", "hidden@example.org")],
        ReplyTo = [new MailboxAddress("Support ✉", "help@bücher.example")],
        Subject = "Grüße – ваш заказ ✓",
        Html = "<p>Hallo <b>Jürgen</b> 👋</p>",
        Text = "Hallo Jürgen 👋\r\nZeile zwei",
        Headers = [new("X-Campaign", "frühling-2026"), new("List-Unsubscribe", "<https://example.com/u?x=1>")],
        Tags = [new("campaign", "spring"), new("template", "welcome:3")],
        Attachments =
        [
            new MailAttachment("Rechnung Nr. 1 – März.pdf", "application/pdf", new byte[] { 0, 1, 2, 255, 254, 0x0d, 0x0a }),
            new MailAttachment("empty.txt", "text/plain", ReadOnlyMemory<byte>.Empty),
        ],
    };

    [Fact]
    public void A_stored_message_composes_to_the_same_bytes_as_the_original()
    {
        var original = International();

        var restored = StoredMailMessage.Deserialize(StoredMailMessage.Serialize(original));

        Assert.Equal(Compose(original), Compose(restored));
    }

    [Fact]
    public void Names_addresses_text_headers_tags_and_attachments_survive_storage()
    {
        var original = International();

        var restored = StoredMailMessage.Deserialize(StoredMailMessage.Serialize(original));

        Assert.Equal(original.Subject, restored.Subject);
        Assert.Equal(original.Html, restored.Html);
        Assert.Equal(original.Text, restored.Text);
        Assert.Equal(Describe(original.From), Describe(restored.From));
        Assert.Equal(original.To.Select(Describe), restored.To.Select(Describe));
        Assert.Equal(original.Cc.Select(Describe), restored.Cc.Select(Describe));
        Assert.Equal(original.Bcc.Select(Describe), restored.Bcc.Select(Describe));
        Assert.Equal(original.ReplyTo.Select(Describe), restored.ReplyTo.Select(Describe));
        Assert.Equal(original.Headers, restored.Headers);
        Assert.Equal(original.Tags, restored.Tags);
        Assert.Equal(original.Attachments.Select(a => (a.FileName, a.ContentType)), restored.Attachments.Select(a => (a.FileName, a.ContentType)));
        Assert.Equal(original.Attachments.Select(a => a.Content.ToArray()), restored.Attachments.Select(a => a.Content.ToArray()));
    }

    [Fact]
    public void A_message_without_optional_parts_reads_back_without_them()
    {
        var original = new MailMessage { From = new MailboxAddress(null, "a@example.com"), To = [new MailboxAddress(null, "b@example.com")], Subject = "s", Text = "t" };

        var restored = StoredMailMessage.Deserialize(StoredMailMessage.Serialize(original));

        Assert.Null(restored.Html);
        Assert.Empty(restored.Cc);
        Assert.Empty(restored.Bcc);
        Assert.Empty(restored.ReplyTo);
        Assert.Empty(restored.Headers);
        Assert.Empty(restored.Tags);
        Assert.Empty(restored.Attachments);
        Assert.Equal(Compose(original), Compose(restored));
    }

    private static byte[] Compose(MailMessage message) =>
        MimeComposer.Compose(message, message.To, message.Cc, Date, "fixed@example.com", new BoundarySequence(["=-one", "=-two", "=-three"]).Next);

    // The name as written (none reads back as empty, as the request validator's parse gives it), the address as the
    // suppression list and SES see it (an international domain in punycode).
    private static (string Name, string Address) Describe(MailboxAddress mailbox) => (mailbox.Name ?? "", EmailAddressNormalizer.Normalize(mailbox.Address));
}
