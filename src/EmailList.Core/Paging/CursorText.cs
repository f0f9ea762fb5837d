using System.Buffers.Text;
using System.Text;

namespace EmailList.Core.Paging;

/// <summary>The envelope every listing cursor shares: its text as base64url of UTF-8, so it travels in a query string.</summary>
internal static class CursorText
{
    public const string Invalid = "The cursor is not valid; use the one returned with the previous page.";
    public const string OtherListing = "The cursor belongs to another listing; start again without a cursor.";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    /// <summary>The cursor's text; <see cref="ArgumentException"/> (for <paramref name="parameterName"/>) when it is not base64url of UTF-8.</summary>
    public static string Decode(string? cursor, string parameterName)
    {
        try
        {
            return StrictUtf8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new ArgumentException(Invalid, parameterName);
        }
        catch (DecoderFallbackException)
        {
            throw new ArgumentException(Invalid, parameterName);
        }
    }
}
