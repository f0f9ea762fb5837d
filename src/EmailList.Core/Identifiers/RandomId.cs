using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace EmailList.Core.Identifiers;

/// <summary>
/// Our public ids: a short prefix naming the kind ("lst_", "ct_", "bc_", ...) and 26 base32 characters (130 bits),
/// unguessable and URL-safe. <see cref="Derive"/> gives the same id for the same inputs, for work that must be
/// written once however often it is retried.
/// </summary>
public static class RandomId
{
    public const int BodyLength = 26;
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[BodyLength];
        RandomNumberGenerator.Fill(bytes);
        return Encode(prefix, bytes);
    }

    /// <summary>A stable id for <paramref name="parts"/> (SHA-256 of them, newline-joined): the same parts, the same id.</summary>
    public static string Derive(string prefix, params ReadOnlySpan<string> parts)
    {
        var text = string.Join('\n', parts.ToArray());
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Encode(prefix, hash[..BodyLength]);
    }

    public static bool IsWellFormed(string prefix, string? id) =>
        id is not null && id.Length == prefix.Length + BodyLength && id.StartsWith(prefix, StringComparison.Ordinal) &&
        id.AsSpan(prefix.Length).IndexOfAnyExcept(AlphabetValues) < 0;

    private static string Encode(string prefix, ReadOnlySpan<byte> bytes)
    {
        Span<char> text = stackalloc char[prefix.Length + BodyLength];
        prefix.CopyTo(text);
        for (var i = 0; i < BodyLength; i++)
        {
            text[prefix.Length + i] = Alphabet[bytes[i] & 31];
        }

        return new string(text);
    }
}
