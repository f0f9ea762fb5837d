using System.Buffers;
using System.Text;

namespace EmailList.Core.Mail.Mime;

/// <summary>
/// A growable buffer of message bytes on pooled arrays, which knows how long its current line is so that
/// headers can be folded. Everything written is 7-bit ASCII; lines end in CRLF.
/// </summary>
internal sealed class MimeOutput : IDisposable
{
    /// <summary>RFC 5322's recommended line length, where headers fold.</summary>
    public const int FoldAt = 78;

    /// <summary>RFC 5322's hard line limit, CRLF excluded.</summary>
    public const int MaxLineLength = 998;

    private byte[] _buffer;
    private int _length;
    private int _lineStart;

    public MimeOutput(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    public int LineLength => _length - _lineStart;

    public void Write(char ascii)
    {
        if (!char.IsAscii(ascii))
        {
            throw NotAscii();
        }

        Reserve(1)[0] = (byte)ascii;
        _length++;
    }

    public void Write(ReadOnlySpan<char> ascii)
    {
        if (Ascii.FromUtf16(ascii, Reserve(ascii.Length), out var written) != OperationStatus.Done)
        {
            throw NotAscii();
        }

        _length += written;
    }

    public void Write(ReadOnlySpan<byte> ascii)
    {
        ascii.CopyTo(Reserve(ascii.Length));
        _length += ascii.Length;
    }

    public void NewLine()
    {
        Write("\r\n"u8);
        _lineStart = _length;
    }

    /// <summary>Space to write at least <paramref name="size"/> bytes; <see cref="Advance"/> says how many were.</summary>
    public Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _length < size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max((long)_buffer.Length * 2, (long)_length + size), Array.MaxLength));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _buffer.AsSpan(_length);
    }

    /// <summary>Counts bytes written into <see cref="Reserve"/>'s span; <paramref name="endsLine"/> when they end in CRLF.</summary>
    public void Advance(int count, bool endsLine)
    {
        _length += count;
        if (endsLine)
        {
            _lineStart = _length;
        }
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private static InvalidOperationException NotAscii() => new("A MIME writer bug: only 7-bit text may be written as it is.");

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
