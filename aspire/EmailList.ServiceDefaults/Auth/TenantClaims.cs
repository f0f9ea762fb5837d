using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace EmailList.ServiceDefaults.Auth;

/// <summary>Reads the caller's tenant from the token; the request body is never asked.</summary>
public sealed class TenantClaims(IOptions<JwtOptions> options)
{
    /// <summary>The tenant id; only call behind a tenant policy, which guarantees a valid claim.</summary>
    public string GetTenantId(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(options.Value.TenantClaim)
            ?? throw new InvalidOperationException("No tenant claim: the endpoint is missing its tenant policy.");
    }
}
