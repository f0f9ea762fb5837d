using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.Options;

namespace EmailList.Redis.Credentials;

/// <summary>
/// AES-256-GCM for cached credentials. A blob is <c>version (1) | nonce (12) | ciphertext | tag (16)</c>,
/// authenticated together with the version and the tenant id, so a blob copied under another tenant's
/// key does not decrypt.
/// </summary>
public sealed class CredentialProtector
{
    public const int KeySize = 32;
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int Overhead = 1 + NonceSize + TagSize;

    private readonly byte[] _currentKey;
    private readonly byte[][] _previousKeys;

    public CredentialProtector(IOptions<CredentialEncryptionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _currentKey = Decode(value.Key);
        _previousKeys = [.. value.PreviousKeys.Select(Decode)];
    }

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        var blob = new byte[Overhead + plaintext.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceSize);
        var ciphertext = blob.AsSpan(1 + NonceSize, plaintext.Length);
        var tag = blob.AsSpan(1 + NonceSize + plaintext.Length, TagSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_currentKey, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(tenantId));
        return blob;
    }

    /// <summary>False for a blob that is truncated, of an unknown version, tampered with, for another tenant, or under an unknown key.</summary>
    public bool TryUnprotect(ReadOnlySpan<byte> blob, string tenantId, [NotNullWhen(true)] out byte[]? plaintext)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        plaintext = null;
        if (blob.Length < Overhead || blob[0] != Version)
        {
            return false;
        }

        var length = blob.Length - Overhead;
        var nonce = blob.Slice(1, NonceSize);
        var ciphertext = blob.Slice(1 + NonceSize, length);
        var tag = blob.Slice(1 + NonceSize + length, TagSize);
        var associatedData = AssociatedData(tenantId);
        var output = new byte[length];
        if (TryDecrypt(_currentKey, nonce, ciphertext, tag, output, associatedData))
        {
            plaintext = output;
            return true;
        }

        foreach (var key in _previousKeys)
        {
            if (TryDecrypt(key, nonce, ciphertext, tag, output, associatedData))
            {
                plaintext = output;
                return true;
            }
        }

        return false;
    }

    private static bool TryDecrypt(byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> output, byte[] associatedData)
    {
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, output, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(output);
            return false;
        }
    }

    private static byte[] AssociatedData(string tenantId)
    {
        var data = new byte[1 + Encoding.UTF8.GetByteCount(tenantId)];
        data[0] = Version;
        Encoding.UTF8.GetBytes(tenantId, data.AsSpan(1));
        return data;
    }

    private static byte[] Decode(string? base64)
    {
        var key = new byte[KeySize + 3];
        if (string.IsNullOrWhiteSpace(base64) || !Convert.TryFromBase64String(base64.Trim(), key, out var written) || written != KeySize)
        {
            throw new InvalidOperationException($"A credential encryption key must be base64 of exactly {KeySize} bytes.");
        }

        return key[..KeySize];
    }
}
