using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EmailList.Testing.Auth;

/// <summary>An identity provider for tests: a signing key, the matching configuration, and tokens good and bad.</summary>
public sealed class TestTokens
{
    public const string Issuer = "https://idp.emaillist.test/";
    public const string Audience = "emaillist";
    public static readonly string[] AllScopes = ["mail:send", "events:read", "suppression:write", "tenant:admin"];

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public IEnumerable<KeyValuePair<string, string?>> Configuration =>
    [
        new("Auth:Issuer", Issuer),
        new("Auth:Audience", Audience),
        new("Auth:SigningKeys:0", SigningKey),
    ];

    public string ForTenant(string tenantId, params string[] scopes) =>
        Create([new("tenant_id", tenantId), new("scope", string.Join(' ', scopes.Length == 0 ? AllScopes : scopes))]);

    public string ForOperator() => Create([new("role", "admin")]);

    public string Create(IEnumerable<Claim> claims, DateTime? expires = null, string? audience = null, string? issuer = null, string? signingKey = null)
    {
        var now = DateTime.UtcNow;
        var notBefore = expires is { } e && e < now ? e.AddMinutes(-10) : now.AddSeconds(-5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            Subject = new ClaimsIdentity(claims.Append(new Claim("sub", "test-user"))),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires ?? now.AddMinutes(30),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(signingKey ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A token with <c>alg: none</c> and no signature, which must be refused.</summary>
    public static string WithAlgNone(string tenantId)
    {
        static string Encode(object value) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));
        var exp = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds();
        var header = Encode(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT" });
        var payload = Encode(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = "attacker",
            ["exp"] = exp,
            ["tenant_id"] = tenantId,
            ["scope"] = string.Join(' ', AllScopes),
        });
        return $"{header}.{payload}.";
    }
}
