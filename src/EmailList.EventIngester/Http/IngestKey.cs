using System.Security.Cryptography;
using System.Text;

namespace EmailList.EventIngester.Http;

/// <summary>The shared secret EventBridge's API destination connection sends with every event.</summary>
internal static class IngestKey
{
    public const string HeaderName = "X-EmailList-Ingest-Key";

    /// <summary>The current secret or, during a rotation, the previous one; both are always compared, so timing tells neither.</summary>
    public static bool MatchesAny(string? presented, string current, string? previous)
    {
        var matchesCurrent = Matches(presented, current);
        var matchesPrevious = !string.IsNullOrEmpty(previous) && Matches(presented, previous);
        return matchesCurrent | matchesPrevious;
    }

    /// <summary>
    /// Constant-time comparison of the UTF-8 bytes; both sides are hashed first so that not even the secret's
    /// length leaks through timing.
    /// </summary>
    public static bool Matches(string? presented, string expected)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expectedHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), presentedHash);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), expectedHash);
        return CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
    }
}
