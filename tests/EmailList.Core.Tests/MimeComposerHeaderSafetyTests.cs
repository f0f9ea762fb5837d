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
    public void Line_breaks_in_a_header_value_are_encoded_and_cannot_start_a_header_of_their_own()
    {
        var message = MailCase.Simple("Hi", html: null) with { Headers = [new("X-Note", "a\r\nBcc: victim@example.com")] };

        var text = Encoding.ASCII.GetString(MimeComposer.Compose(message, message.To, [], DateTimeOffset.UnixEpoch));

        Assert.DoesNotContain("\r\nBcc:", text, StringComparison.Ordinal);
        Assert.Contains("X-Note: =?utf-8?b?", text, StringComparison.Ordinal);
    }
}
