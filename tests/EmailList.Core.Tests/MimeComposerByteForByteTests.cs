using System.Text;
using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.Core.Tests;

/// <summary>
/// For ASCII messages with short lines and no attachments, the composer writes exactly what MimeKit writes:
/// receivers and SES see no change when the composer's implementation changes.
/// </summary>
public sealed class MimeComposerByteForByteTests
{
    private const int Seed = 20260311;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Messages.Keys)
        {
            data.Add(name, "production");
            data.Add(name, "token");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Common_messages_are_written_exactly_as_MimeKit_writes_them(string name, string boundaries)
    {
        var message = Messages[name];
        var mail = new MailCase(
            $"{name}, {boundaries} boundaries",
            message,
            message.To,
            message.Cc,
            new DateTimeOffset(2026, 3, 9, 14, 5, 7, TimeSpan.Zero),
            "20260309140507.ABCDEF0123@acme.example",
            boundaries == "token" ? ["b1", "b2"] : BoundarySequence.Production(new Random(name.Length)));

        AssertSameBytes(mail, mail.ComposeWithMimeKit(), mail.Compose());
    }

    [Fact]
    public void Random_ASCII_messages_are_written_exactly_as_MimeKit_writes_them()
    {
        RandomMail.CheckEach(Seed, 200, mail => AssertSameBytes(mail, mail.ComposeWithMimeKit(), mail.Compose()), asciiOnly: true);
    }

    private static void AssertSameBytes(MailCase mail, byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        var at = expected.AsSpan().CommonPrefixLength(actual);
        var start = Math.Max(0, at - 120);
        Assert.Fail($"{mail.Name}: differs from MimeKit at byte {at} ({expected.Length} bytes expected, {actual.Length} written).\n"
            + $"MimeKit:  {Escaped(expected, start)}\nComposer: {Escaped(actual, start)}");

        static string Escaped(byte[] bytes, int start) =>
            Encoding.Latin1.GetString(bytes, start, Math.Min(240, bytes.Length - start)).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    private static readonly MailboxAddress Acme = new("Acme News", "news@acme.example");

    private static readonly Dictionary<string, MailMessage> Messages = new()
    {
        ["text only"] = new MailMessage { From = Acme, To = [MailboxAddress.Parse("to@example.com")], Subject = "Hello", Text = "Hi there" },
        ["html only"] = new MailMessage { From = Acme, To = [MailboxAddress.Parse("to@example.com")], Subject = "Hello", Html = "<p>Hi there</p>\n" },
        ["text and html"] = new MailMessage
        {
            From = Acme,
            To = [new MailboxAddress("Jane Doe", "jane@example.com")],
            Subject = "Your order",
            Text = "Dear Jane,\n\nYour order has shipped.\n-- \nAcme\n",
            Html = "<html><body>\r\n<p>Dear Jane,</p>\r\n<p>Your order has shipped.</p>\r\n</body></html>",
        },
        ["names that need quoting"] = new MailMessage
        {
            From = new MailboxAddress("Acme, Inc.", "news@acme.example"),
            To =
            [
                new MailboxAddress("Doe, Jane", "jane@example.com"),
                new MailboxAddress("O'Brien", "ob@example.com"),
                new MailboxAddress("John Q. Public", "jqp@example.com"),
                new MailboxAddress("Bob \"The Builder\" Smith", "bob@example.com"),
                new MailboxAddress("back\\slash", "bs@example.com"),
                new MailboxAddress("Smith (work)", "smith@example.com"),
                MailboxAddress.Parse("plain@example.com"),
            ],
            Cc = [new MailboxAddress("Team [ops]", "ops@example.com")],
            ReplyTo = [new MailboxAddress("Support: Acme", "support@acme.example"), MailboxAddress.Parse("help@acme.example")],
            Subject = "Re: \"quoted\", (parens) & back\\slash; 100% O'Brien",
            Text = "Hi",
        },
        ["fifty recipients fold the To and Cc headers"] = new MailMessage
        {
            From = Acme,
            To = [.. Enumerable.Range(0, 50).Select(i => new MailboxAddress(i % 3 == 0 ? $"Doe, Jane {i}" : i % 3 == 1 ? $"Member {i}" : "", $"member{i}@example.com"))],
            Cc = [.. Enumerable.Range(0, 20).Select(i => new MailboxAddress($"Cc Person {i}", $"cc{i}@example.org"))],
            Subject = "Newsletter",
            Text = "Hello everyone",
            Html = "<p>Hello everyone</p>",
        },
        ["long subject and custom headers fold at spaces"] = new MailMessage
        {
            From = Acme,
            To = [MailboxAddress.Parse("to@example.com")],
            Subject = string.Join(' ', Enumerable.Repeat("The quarterly report is ready for review", 5)),
            Headers =
            [
                new("X-Campaign", "autumn"),
                new("X-Long-Note", string.Join(' ', Enumerable.Repeat("a note long enough to be folded at its spaces,", 8))),
                new("List-Unsubscribe", "<mailto:unsubscribe@acme.example?subject=unsubscribe>, <https://acme.example/unsubscribe?id=12345>"),
                new("X-Campaign", "second value"),
            ],
            Text = "Body",
        },
        ["bodies with LF, CRLF, blank lines and no final newline"] = new MailMessage
        {
            From = Acme,
            To = [MailboxAddress.Parse("to@example.com")],
            Subject = "Lines",
            Text = "line one\nline two\r\n\r\n\nline five\n.\nFrom here\n" + string.Concat(Enumerable.Repeat("x", 900)),
            Html = "<p>one</p>\n\n<p>" + string.Join(' ', Enumerable.Repeat("word", 150)) + "</p>\n\n\n",
        },
    };
}
