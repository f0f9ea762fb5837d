using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace EmailList.Core.Mail.Mime;

/// <summary>
/// Writes MIME part bodies: short-lined ASCII text as it is (7bit), other text as quoted-printable or base64,
/// whichever is shorter, and attachments as base64, every line ending in CRLF.
/// </summary>
internal static class BodyEncoder
{
    private const int Base64LineBytes = 57;
    private const int QuotedPrintableLineLength = 76;

    /// <summary>Writes the text part's headers, the blank line and its body, line breaks as CRLF.</summary>
    public static void WriteTextPart(MimeOutput output, string subtype, string text)
    {
        output.Write("Content-Type: text/");
        output.Write(subtype);
        output.Write("; charset=utf-8");
        output.NewLine();

        if (IsSevenBit(text))
        {
            output.NewLine();
            WriteWithCrlf(output, text);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Utf8WithCrlf(text, buffer);
            var bytes = buffer.AsSpan(0, length);
            var quotedPrintable = CountNeedingQuotedPrintable(bytes) * 5 <= bytes.Length;
            output.Write(quotedPrintable ? "Content-Transfer-Encoding: quoted-printable" : "Content-Transfer-Encoding: base64");
            output.NewLine();
            output.NewLine();
            if (quotedPrintable)
            {
                WriteQuotedPrintable(output, bytes);
            }
            else
            {
                WriteBase64(output, bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Base64 in lines of 76 characters, the last one ending in CRLF too.</summary>
    public static void WriteBase64(MimeOutput output, ReadOnlySpan<byte> content)
    {
        for (var position = 0; position < content.Length; position += Base64LineBytes)
        {
            var line = content.Slice(position, Math.Min(Base64LineBytes, content.Length - position));
            var span = output.Reserve(80);
            Base64.EncodeToUtf8(line, span, out _, out var written);
            span[written] = (byte)'\r';
            span[written + 1] = (byte)'\n';
            output.Advance(written + 2, endsLine: true);
        }
    }

    // 7bit (RFC 2045 2.7): no NUL, nothing beyond ASCII, no line over 998 octets.
    private static bool IsSevenBit(string text)
    {
        var lineLength = 0;
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
            {
                lineLength = 0;
                continue;
            }

            if (c is '\0' or > '\x7f' || ++lineLength > MimeOutput.MaxLineLength)
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteWithCrlf(MimeOutput output, ReadOnlySpan<char> text)
    {
        while (TakeLine(ref text, out var line))
        {
            output.Write(line);
            output.NewLine();
        }

        output.Write(text);
    }

    /// <summary>UTF-8 of the text with CR, LF and CRLF all as CRLF; at most three bytes a character, as UTF-8 itself.</summary>
    private static int Utf8WithCrlf(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var length = 0;
        while (TakeLine(ref text, out var line))
        {
            length += Encoding.UTF8.GetBytes(line, destination[length..]);
            destination[length++] = (byte)'\r';
            destination[length++] = (byte)'\n';
        }

        return length + Encoding.UTF8.GetBytes(text, destination[length..]);
    }

    /// <summary>Cuts the text before its first line break (CR, LF or CRLF) and drops the break; false when there is none.</summary>
    private static bool TakeLine(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> line)
    {
        var lineEnd = text.IndexOfAny('\r', '\n');
        if (lineEnd < 0)
        {
            line = default;
            return false;
        }

        line = text[..lineEnd];
        text = text[(text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? lineEnd + 2 : lineEnd + 1)..];
        return true;
    }

    private static int CountNeedingQuotedPrintable(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        foreach (var b in bytes)
        {
            if (b is > 126 or (byte)'=' or (< 32 and not ((byte)'\t' or (byte)'\r' or (byte)'\n')))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>RFC 2045 6.7: CRLF kept as line breaks, soft breaks before 76 characters, whitespace before a break encoded.</summary>
    private static void WriteQuotedPrintable(MimeOutput output, ReadOnlySpan<byte> bytes)
    {
        Span<byte> escape = [(byte)'=', 0, 0];
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '\r' && i + 1 < bytes.Length && bytes[i + 1] == '\n')
            {
                output.NewLine();
                i++;
                continue;
            }

            var atLineEnd = i + 1 == bytes.Length || bytes[i + 1] == '\r';
            var encode = b is > 126 or (byte)'=' or (< 32 and not (byte)'\t') || (b is (byte)' ' or (byte)'\t' && atLineEnd);
            var width = encode ? 3 : 1;
            if (output.LineLength + width > QuotedPrintableLineLength - 1)
            {
                output.Write('=');
                output.NewLine();
            }

            if (encode)
            {
                escape[1] = Hex(b >> 4);
                escape[2] = Hex(b & 0xF);
                output.Write(escape);
            }
            else
            {
                output.Write((char)b);
            }
        }
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
