using System.Text;
using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.Core.Tests;

/// <summary>
/// Random messages of the kinds users send, from a fixed seed so a failure reproduces: text in many scripts,
/// characters that need quoting or escaping, text that looks like encoded-words, long headers, every line ending.
/// </summary>
internal sealed class RandomMail(int seed, bool asciiOnly = false)
{
    private static readonly string[] LatinWords = ["café", "naïve", "Größe", "señor", "Ærøskøbing", "©2024", "«quoted»", "£10", "déjà vu", "Ünïcödé"];
    private static readonly string[] CjkWords = ["報告", "日本語のテキスト", "中文邮件", "한국어", "東京都", "月次レポート"];
    private static readonly string[] Emoji = ["😀", "🎉", "👍🏽", "👨‍👩‍👧", "🇫🇷", "✉️"];
    private static readonly string[] Specials =
        ["\"quoted\"", "O'Brien", "Doe,", ",", "back\\slash", "\\", "(paren)", "<angle>", "a@b", "[x]", ";", ":", "semi;colon", "50%", "a.b."];
    // "=?" is refused (EncodedWordText); the rest of encoded-word syntax must read back literally.
    private static readonly string[] EncodedWordLookalikes = ["?=", "?q?hi?=", "= ?", "?B?SGk=", "utf-8?Q?"];
    private static readonly string[] AsciiSpecials = ["\"Doe, Jane\"", "O'Brien", "Doe,", "(work)", "a.b.", "Q.", "Bob \"The Builder\"", "back\\slash", "[x]", "#1", "a&b"];
    private static readonly string[] FileNames = ["Résumé 2024.pdf", "a\"b.txt", "報告.pdf", "report.pdf", "data (1).csv", "😀 party.png", "naïve;name=x.txt", "O'Brien, J.docx"];
    private static readonly string[] ContentTypes =
        ["application/pdf", "application/pdf; x=1", "text/plain", "text/csv; charset=utf-8", "image/png", "application/octet-stream", "text/html; charset=iso-8859-1"];
    private static readonly string[] HeaderNames = ["X-Campaign", "X-Mailer-Ref", "X-Priority", "X-Entity-Ref-ID", "X-Tenant-Note"];
    private static readonly string[] LineEndings = ["\r\n", "\n", "\r"];

    private readonly Random _random = new(seed);

    /// <summary>Runs <paramref name="check"/> on <paramref name="count"/> cases and fails listing every case that failed, with seed and index.</summary>
    public static void CheckEach(int seed, int count, Action<MailCase> check, bool asciiOnly = false)
    {
        var cases = new RandomMail(seed, asciiOnly);
        var failures = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var mail = cases.Next(i);
            try
            {
                check(mail);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidOperationException or FormatException or ArgumentException)
            {
                failures.Add(e is Xunit.Sdk.XunitException ? e.Message : $"{mail.Name}: {e}");
            }
        }

        if (failures.Count > 0)
        {
            Assert.Fail($"{failures.Count} of {count} random cases failed (seed {seed}; RandomMail(seed).Next(i) remakes case i); the first ones:\n"
                + string.Join("\n", failures.Take(8)));
        }
    }

    public MailCase Next(int index)
    {
        // A case either keeps every ASCII token short or may carry tokens too long to fold near 78 characters;
        // both kinds must stay under 998 characters a line.
        var foldable = asciiOnly || _random.Next(4) > 0;
        var from = Mailbox(foldable, "sender");
        var to = Mailboxes(foldable, "to", Count(50));
        var cc = Mailboxes(foldable, "cc", Count(50));
        var shape = _random.Next(3);
        var message = new MailMessage
        {
            From = from,
            To = _random.Next(4) == 0 ? [.. to, .. Mailboxes(foldable, "suppressed-to", 2)] : to,
            Cc = cc,
            Bcc = Mailboxes(foldable, "hidden", _random.Next(4)),
            ReplyTo = Mailboxes(foldable, "reply", _random.Next(4) == 0 ? _random.Next(1, 4) : 0),
            Subject = _random.Next(50) == 0 ? "" : Phrase(foldable, _random.Next(5) == 0 ? 200 + _random.Next(300) : 1 + _random.Next(60)),
            Text = shape != 1 ? Body(html: false) : null,
            Html = shape != 0 ? Body(html: true) : null,
            Headers = [.. Enumerable.Range(0, _random.Next(5)).Select(_ => Header(foldable))],
            Attachments = asciiOnly || _random.Next(2) == 0 ? [] : [.. Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Attachment(foldable))],
        };

        // UTC, as the sender passes it (MimeKit itself misformats negative offsets that are not whole hours).
        var date = DateTimeOffset.FromUnixTimeSeconds(_random.NextInt64(0, 4_102_444_800));

        string[] boundaries = _random.Next(4) == 0 ? ["b1", "b2"] : BoundarySequence.Production(_random);
        var messageId = $"{Token(20, AlphaNumeric)}.{index}@{from.Domain}";
        return new MailCase($"seed {seed}, case {index}", message, to, cc, date, messageId, boundaries);
    }

    private int Count(int max) => _random.Next(5) switch
    {
        0 => 0,
        1 => max - _random.Next(5),
        _ => 1 + _random.Next(4),
    };

    private MailboxAddress[] Mailboxes(bool foldable, string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Mailbox(foldable, $"{prefix}{i}"))];

    private MailboxAddress Mailbox(bool foldable, string localPart)
    {
        var name = _random.Next(4) switch
        {
            0 => "",
            1 when !asciiOnly && _random.Next(4) == 0 => Phrase(foldable, 200 + _random.Next(100)),
            _ => Phrase(foldable, 1 + _random.Next(30)),
        };
        var domain = _random.Next(2) == 0 ? "example.com" : "mail.acme.example";
        return new MailboxAddress(name, $"{localPart}.{Token(_random.Next(1, 8), AlphaNumeric)}@{domain}");
    }

    private KeyValuePair<string, string> Header(bool foldable)
    {
        var name = _random.Next(3) == 0 ? "X-" + Token(_random.Next(1, 16), AlphaNumeric + "-") : HeaderNames[_random.Next(HeaderNames.Length)];
        var value = Phrase(foldable, _random.Next(4) == 0 ? 100 + _random.Next(800) : 1 + _random.Next(60));
        return new(name, value.Length > 998 ? value[..998].TrimEnd() : value);
    }

    private MailAttachment Attachment(bool foldable)
    {
        var fileName = _random.Next(3) switch
        {
            0 => FileNames[_random.Next(FileNames.Length)],
            // MimeKit's parser decodes encoded-word lookalikes even in a quoted file name, so names have none.
            1 => Phrase(foldable, 1 + _random.Next(_random.Next(5) == 0 ? 150 : 30), encodedWordLookalikes: false) + ".bin",
            _ => Token(1 + _random.Next(20), AlphaNumeric) + ".dat",
        };
        var contentType = ContentTypes[_random.Next(ContentTypes.Length)];
        byte[] content;
        if (contentType.StartsWith("text/", StringComparison.Ordinal) && _random.Next(3) > 0)
        {
            // Text as users' files hold it: LF-only lines, UTF-8 or Latin-1 bytes.
            var text = Body(html: false).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
            content = _random.Next(2) == 0 ? Encoding.UTF8.GetBytes(text) : Encoding.Latin1.GetBytes(text.Select(c => c < 256 ? c : '?').ToArray());
        }
        else
        {
            content = new byte[_random.Next(10) == 0 ? 0 : _random.Next(1, 6000)];
            _random.NextBytes(content);
        }

        return new MailAttachment(fileName.Replace('/', '_').Replace('\\', '_'), contentType, content);
    }

    private string Body(bool html)
    {
        // MimeKit leaves a bare CR as it is, so the byte-for-byte cases (ASCII only) keep to CRLF and LF.
        var ending = LineEndings[_random.Next(asciiOnly ? 2 : LineEndings.Length)];
        var mixedEndings = !asciiOnly && _random.Next(5) == 0;
        var builder = new StringBuilder();
        var lines = _random.Next(1, 30);
        for (var i = 0; i < lines; i++)
        {
            var line = _random.Next(12) switch
            {
                0 => "",
                1 when !asciiOnly => Phrase(foldable: _random.Next(2) == 0, 1000 + _random.Next(400)),
                2 when !asciiOnly => Token(1000 + _random.Next(300), AlphaNumeric),
                3 => ".",
                4 => "From the desk of " + Phrase(true, 10),
                5 when !asciiOnly => Phrase(true, 20) + "   ",
                _ => Phrase(true, _random.Next(asciiOnly ? 200 : 120)),
            };
            builder.Append(html && line.Length > 0 ? $"<p>{line}</p>" : line);
            if (i < lines - 1 || _random.Next(2) == 0)
            {
                builder.Append(mixedEndings ? LineEndings[_random.Next(LineEndings.Length)] : ending);
            }
        }

        return builder.Length == 0 ? "x" : builder.ToString();
    }

    /// <summary>Words separated by single spaces, about <paramref name="length"/> characters, without leading or trailing space.</summary>
    private string Phrase(bool foldable, int length, bool encodedWordLookalikes = true)
    {
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Word(foldable, encodedWordLookalikes));
        }

        return builder.ToString();
    }

    private string Word(bool foldable, bool encodedWordLookalikes)
    {
        if (asciiOnly)
        {
            return _random.Next(6) == 0 ? AsciiSpecials[_random.Next(AsciiSpecials.Length)] : Token(1 + _random.Next(12), Letters);
        }

        return _random.Next(14) switch
        {
            0 => LatinWords[_random.Next(LatinWords.Length)],
            1 => CjkWords[_random.Next(CjkWords.Length)],
            2 => Emoji[_random.Next(Emoji.Length)],
            3 => Specials[_random.Next(Specials.Length)],
            4 when encodedWordLookalikes => EncodedWordLookalikes[_random.Next(EncodedWordLookalikes.Length)],
            5 => string.Concat(Enumerable.Range(0, _random.Next(20, 120)).Select(_ => CjkWords[_random.Next(CjkWords.Length)])),
            6 when !foldable => Token(80 + _random.Next(220), AlphaNumeric),
            _ => Token(1 + _random.Next(12), Letters),
        };
    }

    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string AlphaNumeric = Letters + "0123456789";

    private string Token(int length, string alphabet) =>
        string.Create(length, (_random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state._random.Next(state.alphabet.Length)];
            }
        });
}
