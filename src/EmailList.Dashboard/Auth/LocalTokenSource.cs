using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using EmailList.Dashboard.Api;
using EmailList.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EmailList.Dashboard.Auth;

/// <summary>A development token for a tenant, for local sign-in only.</summary>
public sealed class LocalTokenSource(HttpClient sendApi, IOptions<LocalSignInOptions> options, TimeProvider time)
{
    public async Task<ApiResult<IssuedToken>> GetTokenAsync(string tenantId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.MintsTokens)
        {
            return new ApiResult<IssuedToken>(Mint(tenantId, settings));
        }

        var path = $"{settings.TokenPath}?tenant={Uri.EscapeDataString(tenantId)}";
        var result = await ApiResponses.SendAsync<JsonElement>(sendApi, new HttpRequestMessage(HttpMethod.Get, path), "The send API", cancellationToken);
        if (!result.Succeeded)
        {
            return new ApiResult<IssuedToken>(result.Problem!);
        }

        var token = result.Value.GetProperty("accessToken").GetString()!;
        var seconds = result.Value.GetProperty("expiresIn").GetInt32();
        return new ApiResult<IssuedToken>(new IssuedToken(token, time.GetUtcNow().AddSeconds(seconds)));
    }

    private IssuedToken Mint(string tenantId, LocalSignInOptions settings)
    {
        var now = time.GetUtcNow();
        var expires = now + settings.TokenLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", $"dashboard-user@{tenantId}"),
                new Claim(settings.TenantClaim, tenantId),
                new Claim("scope", string.Join(' ', Scopes.All)),
            ]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(settings.SigningKey!)), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }
}
