namespace EmailList.Redis.Credentials;

/// <summary>AES-256-GCM keys for the credential cache, each base64 of 32 random bytes (<c>openssl rand -base64 32</c>).</summary>
public sealed class CredentialEncryptionOptions
{
    public const string SectionName = "CredentialEncryption";

    /// <summary>Encrypts every write and is tried first on reads.</summary>
    public string? Key { get; set; }

    /// <summary>Retired keys still accepted on reads, so a rotation does not empty the cache.</summary>
    public IList<string> PreviousKeys { get; } = [];
}
