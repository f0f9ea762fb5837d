using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MimeKit;

namespace EmailList.Core.Mail.Mime;

/// <summary>
/// Writes header fields as RFC 5322 and RFC 2047 want them: folded at whitespace before 78 characters,
/// display names bare, quoted or as encoded-words, anything beyond printable ASCII as UTF-8 encoded-words.
/// </summary>
internal static class HeaderEncoder
{
    private const string EncodedWordStart = "=?utf-8?b?";

    // An encoded-word is at most 75 characters (RFC 2047 2): 12 of delimiters, 60 of base64 for 45 bytes.
    private const int MaxEncodedWordBytes = 45;

    // One character of four UTF-8 bytes takes 8 base64 characters; with the delimiters and a space, 21.
    private const int MinEncodedWordRoom = 21;

    // RFC 5322 atext, and the space between atoms of a phrase.
    private static readonly SearchValues<char> AtomTextOrSpace =
        SearchValues.Create(" abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~");

    // RFC 2045 token characters: printable ASCII but space and tspecials.
    private static readonly SearchValues<char> TokenText =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`{|}~");

    // RFC 2231 attribute-char: what an extended parameter value keeps as it is.
    private static readonly SearchValues<char> AttributeText =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~");

    public static void WriteUnstructured(MimeOutput output, string name, string value)
    {
        // RFC 5322 field-name: printable ASCII but ':'. Anything else could end the header block early.
        if (name.Length == 0 || name.AsSpan().ContainsAnyExceptInRange('!', '~') || name.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a header field name.", nameof(name));
        }

        output.Write(name);
        output.Write(':');
        if (NeedsEncodedWords(value))
        {
            WriteEncodedWords(output, value);
        }
        else
        {
            WriteFoldedText(output, value);
        }

        output.NewLine();
    }

    public static void WriteMailboxes(MimeOutput output, string name, IReadOnlyList<MailboxAddress> mailboxes)
    {
        output.Write(name);
        output.Write(':');
        for (var i = 0; i < mailboxes.Count; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }

            WriteMailbox(output, mailboxes[i], mayFold: i > 0);
        }

        output.NewLine();
    }

    public static void WriteDate(MimeOutput output, DateTimeOffset date)
    {
        Span<char> text = stackalloc char[40];
        date.TryFormat(text, out var length, "ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture);
        var offset = date.Offset;
        text[length++] = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        offset.Hours.TryFormat(text[length..], out var hours, "00", CultureInfo.InvariantCulture);
        length += hours;
        offset.Minutes.TryFormat(text[length..], out var minutes, "00", CultureInfo.InvariantCulture);
        length += minutes;

        output.Write("Date: ");
        output.Write(text[..length]);
        output.NewLine();
    }

    /// <summary>Writes "; name=value" (folding before it if need be), quoted or RFC 2231-encoded as the value needs.</summary>
    public static void WriteParameter(MimeOutput output, string name, string value)
    {
        output.Write(';');
        var isToken = value.Length > 0 && !value.AsSpan().ContainsAnyExcept(TokenText);
        if (isToken || !value.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            var length = name.Length + 1 + (isToken ? value.Length : QuotedLength(value));
            if (length <= MimeOutput.FoldAt - 1)
            {
                BeginToken(output, length, mayFold: true);
                output.Write(name);
                output.Write('=');
                if (isToken)
                {
                    output.Write(value);
                }
                else
                {
                    WriteQuoted(output, value);
                }

                return;
            }
        }

        WriteExtendedParameter(output, name, value);
    }

    /// <summary>
    /// RFC 2231: name*=utf-8''value with every other byte as %XX; when long, cut into numbered continuations of
    /// one short line each, between characters so that each piece decodes on its own.
    /// </summary>
    private static void WriteExtendedParameter(MimeOutput output, string name, string value)
    {
        // Each continuation on a line of its own: a space, name*NN*=, the piece and a semicolon within 78 columns.
        var segments = PercentEncodedSegments(value, maxLength: Math.Max(MimeOutput.FoldAt - 2 - name.Length - 14, 12));
        var single = name.Length + "*=utf-8''".Length + segments[0].Length;
        if (segments.Count == 1 && single <= MimeOutput.FoldAt - 1)
        {
            BeginToken(output, single, mayFold: true);
            output.Write(name);
            output.Write("*=utf-8''");
            output.Write(segments[0]);
            return;
        }

        for (var index = 0; index < segments.Count; index++)
        {
            if (index > 0)
            {
                output.Write(';');
            }

            output.NewLine();
            output.Write(' ');
            output.Write(name);
            output.Write('*');
            output.Write(index.ToString(CultureInfo.InvariantCulture));
            output.Write(index == 0 ? "*=utf-8''" : "*=");
            output.Write(segments[index]);
        }
    }

    private static List<string> PercentEncodedSegments(string value, int maxLength)
    {
        var segments = new List<string>();
        var segment = new StringBuilder(maxLength);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(bytes);
            var encodedLength = length == 1 && AttributeText.Contains((char)bytes[0]) ? 1 : length * 3;
            if (segment.Length + encodedLength > maxLength)
            {
                segments.Add(segment.ToString());
                segment.Clear();
            }

            for (var i = 0; i < length; i++)
            {
                if (encodedLength == 1)
                {
                    segment.Append((char)bytes[i]);
                }
                else
                {
                    segment.Append('%').Append(bytes[i].ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }

        segments.Add(segment.ToString());
        return segments;
    }

    // As MimeKit writes it, so that plain ASCII headers come out byte for byte the same: the name stays whole on a
    // line when it fits, and a fold between the name and its address is a CRLF and a tab.
    private static void WriteMailbox(MimeOutput output, MailboxAddress mailbox, bool mayFold)
    {
        var address = AddressSpec(mailbox);
        if (string.IsNullOrEmpty(mailbox.Name))
        {
            BeginToken(output, address.Length, mayFold);
            output.Write(address);
            return;
        }

        WritePhrase(output, mailbox.Name, mayFold);
        if (output.LineLength + 1 + address.Length + 2 > MimeOutput.FoldAt)
        {
            output.NewLine();
            output.Write('\t');
        }
        else
        {
            output.Write(' ');
        }

        output.Write('<');
        output.Write(address);
        output.Write('>');
    }

    private static void WritePhrase(MimeOutput output, string phrase, bool mayFold)
    {
        if (NeedsEncodedWords(phrase))
        {
            WriteEncodedWords(output, phrase);
        }
        else if (IsAtomPhrase(phrase))
        {
            // Whole when it fits on a line; word by word when even a line of its own is too short.
            var whole = mayFold && output.LineLength + 1 + phrase.Length > MimeOutput.FoldAt && 1 + phrase.Length <= MimeOutput.FoldAt;
            if (whole)
            {
                output.NewLine();
            }

            foreach (var range in phrase.AsSpan().Split(' '))
            {
                var word = phrase.AsSpan(range);
                BeginToken(output, word.Length, mayFold: mayFold && !whole);
                output.Write(word);
                mayFold = true;
            }
        }
        else
        {
            BeginToken(output, QuotedLength(phrase), mayFold);
            WriteQuoted(output, phrase);
        }
    }

    /// <summary>An ASCII addr-spec as it is (MimeKit keeps a quoted local part quoted); an international domain as punycode, as in the envelope.</summary>
    private static string AddressSpec(MailboxAddress mailbox) => AsciiAddress.Of(mailbox);

    /// <summary>Writes the space before a token, or a fold (CRLF and the space) when the token would pass column 78.</summary>
    private static void BeginToken(MimeOutput output, int length, bool mayFold)
    {
        if (mayFold && output.LineLength + 1 + length > MimeOutput.FoldAt)
        {
            output.NewLine();
        }

        output.Write(' ');
    }

    private static void WriteFoldedText(MimeOutput output, string value)
    {
        var text = value.AsSpan();
        var position = 0;
        var first = true;
        while (position < text.Length)
        {
            var spaceStart = position;
            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }

            var wordStart = position;
            while (position < text.Length && text[position] is not (' ' or '\t'))
            {
                position++;
            }

            var space = text[spaceStart..wordStart];
            var word = text[wordStart..position];
            if (first)
            {
                output.Write(' ');
                first = false;
            }
            else if (output.LineLength + space.Length + word.Length > MimeOutput.FoldAt)
            {
                // Folding goes before the whitespace, which stays: unfolding gives the text back as it was.
                output.NewLine();
            }

            output.Write(space);
            output.Write(word);
        }
    }

    /// <summary>The text as UTF-8 B encoded-words, each as long as the line has room for, never cutting a character.</summary>
    private static void WriteEncodedWords(MimeOutput output, ReadOnlySpan<char> text)
    {
        Span<byte> bytes = stackalloc byte[MaxEncodedWordBytes];
        var position = 0;
        while (position < text.Length)
        {
            var room = MimeOutput.FoldAt - output.LineLength - 1;
            if (room < MinEncodedWordRoom)
            {
                output.NewLine();
                room = MimeOutput.FoldAt - 1;
            }

            var capacity = Math.Min((room - EncodedWordStart.Length - 2) / 4 * 3, MaxEncodedWordBytes);
            var used = 0;
            while (position < text.Length)
            {
                Rune.DecodeFromUtf16(text[position..], out var rune, out var consumed);
                if (used + rune.Utf8SequenceLength > capacity)
                {
                    break;
                }

                used += rune.EncodeToUtf8(bytes[used..]);
                position += consumed;
            }

            output.Write(' ');
            output.Write(EncodedWordStart);
            Base64.EncodeToUtf8(bytes[..used], output.Reserve(64), out _, out var written);
            output.Advance(written, endsLine: false);
            output.Write("?=");
        }
    }

    private static void WriteQuoted(MimeOutput output, string value)
    {
        output.Write('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                output.Write('\\');
            }

            output.Write(c);
        }

        output.Write('"');
    }

    private static int QuotedLength(string value) => value.Length + 2 + value.AsSpan().Count('"') + value.AsSpan().Count('\\');

    /// <summary>
    /// Beyond printable ASCII and tab, text that a reader would take for an encoded-word, or a word too long for
    /// any line: such text goes out as encoded-words.
    /// </summary>
    private static bool NeedsEncodedWords(string value)
    {
        var text = value.AsSpan();
        if (text.IndexOf("=?", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        var wordLength = 0;
        foreach (var c in text)
        {
            if (c is < ' ' and not '\t' || c > '~')
            {
                return true;
            }

            wordLength = c is ' ' or '\t' ? 0 : wordLength + 1;
            if (wordLength > MimeOutput.MaxLineLength - 100)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Atoms separated by single spaces: a display name that needs no quotes.</summary>
    private static bool IsAtomPhrase(string phrase) =>
        phrase.Length > 0 && phrase[0] != ' ' && phrase[^1] != ' ' && !phrase.Contains("  ", StringComparison.Ordinal)
        && !phrase.AsSpan().ContainsAnyExcept(AtomTextOrSpace);
}
