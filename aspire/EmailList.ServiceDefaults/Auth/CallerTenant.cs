using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailList.ServiceDefaults.Auth;

/// <summary>
/// The caller's tenant, read from the token (<c>Auth:TenantClaim</c>), never from the request. A handler takes it as a
/// parameter; only endpoints behind a tenant policy may, as the policy guarantees a valid claim.
/// </summary>
public sealed record CallerTenant(string TenantId)
{
    public static ValueTask<CallerTenant?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var claim = context.RequestServices.GetRequiredService<IOptions<JwtOptions>>().Value.TenantClaim;
        var tenantId = context.User.FindFirstValue(claim)
            ?? throw new InvalidOperationException("No tenant claim: the endpoint is missing its tenant policy.");
        return ValueTask.FromResult<CallerTenant?>(new CallerTenant(tenantId));
    }
}
