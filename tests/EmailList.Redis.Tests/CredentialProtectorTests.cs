using System.Security.Cryptography;

using EmailList.Redis.Credentials;

using Microsoft.Extensions.Options;

namespace EmailList.Redis.Tests;

public sealed class CredentialProtectorTests
{
    private static readonly byte[] Secret = "{\"secret\":\"value\"}"u8.ToArray();

    [Fact]
    public void A_blob_has_a_version_a_nonce_and_a_tag_around_the_ciphertext()
    {
        var blob = Protector(RedisServices.NewKey()).Protect(Secret, "tenant-a");

        Assert.Equal(1 + 12 + Secret.Length + 16, blob.Length);
        Assert.Equal(1, blob[0]);
    }

    [Fact]
    public void A_blob_decrypts_only_for_its_tenant()
    {
        var protector = Protector(RedisServices.NewKey());
        var blob = protector.Protect(Secret, "tenant-a");

        Assert.True(protector.TryUnprotect(blob, "tenant-a", out var plaintext));
        Assert.Equal(Secret, plaintext);
        Assert.False(protector.TryUnprotect(blob, "tenant-b", out _));
    }

    [Fact]
    public void Truncated_blobs_and_unknown_versions_do_not_decrypt()
    {
        var protector = Protector(RedisServices.NewKey());
        var blob = protector.Protect(Secret, "tenant-a");
        var otherVersion = blob.ToArray();
        otherVersion[0] = 2;

        Assert.False(protector.TryUnprotect(blob.AsSpan(0, 20), "tenant-a", out _));
        Assert.False(protector.TryUnprotect(blob.AsSpan(0, blob.Length - 1), "tenant-a", out _));
        Assert.False(protector.TryUnprotect(otherVersion, "tenant-a", out _));
    }

    [Fact]
    public void Previous_keys_decrypt_but_do_not_encrypt()
    {
        var oldKey = RedisServices.NewKey();
        var old = Protector(oldKey);
        var rotated = Protector(RedisServices.NewKey(), oldKey);

        Assert.True(rotated.TryUnprotect(old.Protect(Secret, "tenant-a"), "tenant-a", out _));
        Assert.False(old.TryUnprotect(rotated.Protect(Secret, "tenant-a"), "tenant-a", out _));
    }

    [Fact]
    public void A_key_of_the_wrong_size_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Protector(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));
    }

    private static CredentialProtector Protector(string key, params string[] previousKeys)
    {
        var options = new CredentialEncryptionOptions { Key = key };
        foreach (var previous in previousKeys)
        {
            options.PreviousKeys.Add(previous);
        }

        return new CredentialProtector(Options.Create(options));
    }
}
