using System.Text;
using EmailList.Core.Mail;

namespace EmailList.Core.Tests;

public sealed class MimeComposerHeaderSafetyTests
{
    [Theory]
    [InlineData("X-Ok\r\nBcc")]
    [InlineData("X Space")]
    [InlineData("X-Colon:")]
    [InlineData("")]
    public void A_header_name_that_is_not_a_field_name_is_refused(string name)
    {
        var message = MailCase.Simple("Hi", html: null) with { Headers = [new(name, "value")] };

        Assert.Throws<ArgumentException>(() => MimeComposer.Compose(message, message.To, [], DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Line_breaks_in_a_header_value_cannot_start_a_header_of_their_own()
    {
        var message = MailCase.Simple("Hi", html: null) with { Headers = [new("X-Note", "a\r\nBcc: victim@example.com")] };

        var raw = MimeComposer.Compose(message, message.To, [], DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("\r\nBcc:", Encoding.ASCII.GetString(raw), StringComparison.Ordinal);
        var parsed = MimeKit.MimeMessage.Load(new MemoryStream(raw));
        Assert.Empty(parsed.Bcc);
        Assert.DoesNotContain(parsed.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
    }
}
