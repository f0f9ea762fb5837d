using System.Buffers.Text;
using System.Text;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// A listing position: base64url of "tenant id, newline, last address". Carrying the tenant lets a
/// cursor handed to one tenant be refused when another presents it.
/// </summary>
internal static class DynamoDbSuppressionCursor
{
    public static string Encode(string tenantId, string lastEmail) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(tenantId + "\n" + lastEmail));

    /// <summary>The last address of the previous page; <see cref="ArgumentException"/> for a cursor this store did not issue to this tenant.</summary>
    public static string Decode(string tenantId, string cursor)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new ArgumentException("The cursor is not valid; use the one returned with the previous page.", nameof(cursor));
        }
        catch (DecoderFallbackException)
        {
            throw new ArgumentException("The cursor is not valid; use the one returned with the previous page.", nameof(cursor));
        }

        var separator = text.IndexOf('\n', StringComparison.Ordinal);
        if (separator <= 0 || separator == text.Length - 1)
        {
            throw new ArgumentException("The cursor is not valid; use the one returned with the previous page.", nameof(cursor));
        }

        if (!text.AsSpan(0, separator).SequenceEqual(tenantId))
        {
            throw new ArgumentException("The cursor belongs to another listing; start again without a cursor.", nameof(cursor));
        }

        return text[(separator + 1)..];
    }
}
