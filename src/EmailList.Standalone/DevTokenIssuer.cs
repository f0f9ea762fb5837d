using System.Security.Claims;
using EmailList.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EmailList.Standalone;

/// <summary>Mints tokens with the embedded default's local signing key; stands in for an identity provider.</summary>
public sealed class DevTokenIssuer(IOptions<JwtOptions> options, TimeProvider time)
{
    public string Issue(string tenantId, IEnumerable<string> scopes, bool isOperator, TimeSpan lifetime)
    {
        var jwt = options.Value;
        var claims = new List<Claim>
        {
            new("sub", $"dev-user@{tenantId}"),
            new(jwt.TenantClaim, tenantId),
            new("scope", string.Join(' ', scopes)),
        };
        if (isOperator)
        {
            claims.Add(new Claim("role", Policies.OperatorRole));
        }

        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(jwt.SigningKeys[0])), SecurityAlgorithms.HmacSha256),
        });
    }
}
