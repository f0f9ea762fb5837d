using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Lists;

/// <summary>
/// Signs and reads the tokens in confirm and unsubscribe links: base64url of the fields, a dot, base64url of their
/// HMAC-SHA256 under <see cref="ListOptions.TokenKey"/>. Nothing in a token is secret, but nothing in it can be
/// changed: another tenant's, list's or contact's token does not verify as this one.
/// </summary>
public sealed class ListTokenSigner
{
    private const string Version = "1";
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public ListTokenSigner(IOptions<ListOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Value.TokenKey is not { } text || !ListOptions.TryKey(text, out _key) || _key.Length < 32)
        {
            throw new InvalidOperationException("Lists:TokenKey must be base64 of at least 32 random bytes.");
        }

        _time = time;
    }

    public string CreateConfirm(string tenantId, string listId, string contactId, string nonce, DateTimeOffset expiresAt) =>
        Sign(["c", tenantId, listId, contactId, nonce, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]);

    public string CreateUnsubscribe(string tenantId, string listId, string contactId) =>
        Sign(["u", tenantId, listId, contactId]);

    /// <summary>Reads a token of <paramref name="kind"/>; the token is null only when <see cref="ListTokenStatus.Invalid"/>.</summary>
    public (ListTokenStatus Status, ListToken? Token) Read(string? token, ListTokenKind kind)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024 || token.IndexOf('.') is var dot && dot <= 0)
        {
            return (ListTokenStatus.Invalid, null);
        }

        byte[] payload;
        byte[] signature;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return (ListTokenStatus.Invalid, null);
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), signature))
        {
            return (ListTokenStatus.Invalid, null);
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        return (kind, fields) switch
        {
            (ListTokenKind.Unsubscribe, [Version, "u", var tenant, var list, var contact]) =>
                (ListTokenStatus.Valid, new ListToken(kind, tenant, list, contact, null, null)),
            (ListTokenKind.Confirm, [Version, "c", var tenant, var list, var contact, var nonce, var expires])
                when long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) =>
                Confirm(new ListToken(kind, tenant, list, contact, nonce, DateTimeOffset.FromUnixTimeSeconds(seconds))),
            _ => (ListTokenStatus.Invalid, null),
        };
    }

    private (ListTokenStatus, ListToken?) Confirm(ListToken token) =>
        (token.ExpiresAt <= _time.GetUtcNow() ? ListTokenStatus.Expired : ListTokenStatus.Valid, token);

    private string Sign(string[] fields)
    {
        foreach (var field in fields)
        {
            if (string.IsNullOrEmpty(field) || field.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException("Token fields must be non-empty single lines.", nameof(fields));
            }
        }

        var payload = Encoding.UTF8.GetBytes(Version + "\n" + string.Join('\n', fields));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }
}
