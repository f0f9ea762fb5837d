using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EmailList.QueryApi.Http;

/// <summary>
/// Wraps a store's continuation in an opaque cursor: base64url(payload) "." base64url(HMAC-SHA256 over tenant id,
/// query fingerprint and payload). A cursor only opens for the tenant and the query it was issued for, so it can be
/// neither forged nor replayed into another tenant's data, whatever the store's own cursor contains.
/// </summary>
internal sealed class CursorSigner(IOptions<QueryOptions> options)
{
    private readonly byte[] _key = QueryOptions.DecodeKey(options.Value.CursorKey)
        ?? throw new InvalidOperationException("Query:CursorKey must be base64 of at least 32 bytes.");

    public string Sign(string tenantId, string fingerprint, string payload)
    {
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url.EncodeToString(payloadBytes) + "." + Base64Url.EncodeToString(Mac(tenantId, fingerprint, payloadBytes));
    }

    /// <summary>The payload, or null when the cursor is malformed, tampered with, or was issued for another tenant or query.</summary>
    public string? Open(string tenantId, string fingerprint, string cursor)
    {
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || cursor.Length > 8192)
        {
            return null;
        }

        byte[] payload;
        byte[] mac;
        try
        {
            payload = Base64Url.DecodeFromChars(cursor.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(cursor.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(tenantId, fingerprint, payload)))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private byte[] Mac(string tenantId, string fingerprint, byte[] payload)
    {
        // Length-prefixed parts, so no choice of tenant id or fingerprint can shift bytes into another part.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in new[] { Encoding.UTF8.GetBytes(tenantId), Encoding.UTF8.GetBytes(fingerprint), payload })
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, part.Length);
            hmac.AppendData(length);
            hmac.AppendData(part);
        }

        return hmac.GetHashAndReset();
    }
}
