namespace EmailList.Core.Mail;

/// <summary>
/// Finds "=?", which opens an RFC 2047 encoded-word (<c>=?charset?B|Q?text?=</c>). MimeKit writes ASCII text as given,
/// and readers decode what looks like an encoded-word (lenient ones even inside other words), so such text could reach
/// the reader as something else: another name, a line break. It is refused instead of sent.
/// </summary>
public static class EncodedWordText
{
    public const string Marker = "=?";

    public static bool IsIn(string? text) => text is not null && text.Contains(Marker, StringComparison.Ordinal);
}
