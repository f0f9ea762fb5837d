using System.Buffers;
using System.Security.Cryptography;

namespace EmailList.Core.Scheduling;

/// <summary>Scheduled mail ids: "sm_" and 26 random base32 characters (130 bits), unguessable and URL-safe.</summary>
public static class ScheduledMailId
{
    public const string Prefix = "sm_";
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[26];
        RandomNumberGenerator.Fill(bytes);
        Span<char> text = stackalloc char[Prefix.Length + bytes.Length];
        Prefix.CopyTo(text);
        for (var i = 0; i < bytes.Length; i++)
        {
            text[Prefix.Length + i] = Alphabet[bytes[i] & 31];
        }

        return new string(text);
    }

    public static bool IsWellFormed(string? id) =>
        id is { Length: 29 } && id.StartsWith(Prefix, StringComparison.Ordinal) && id.AsSpan(Prefix.Length).IndexOfAnyExcept(AlphabetValues) < 0;
}
