using System.Security.Claims;
using EmailList.Core.Tenants;
using Microsoft.AspNetCore.Authorization;

namespace EmailList.ServiceDefaults.Auth;

/// <summary>The caller acts for a tenant (a valid tenant claim) and holds the scope, or one of the scopes.</summary>
public sealed class TenantScopeRequirement(IReadOnlyList<string> scopes, string tenantClaim) : AuthorizationHandler<TenantScopeRequirement>, IAuthorizationRequirement
{
    public TenantScopeRequirement(string scope, string tenantClaim) : this([scope], tenantClaim)
    {
    }

    /// <summary>Any one of them suffices.</summary>
    public IReadOnlyList<string> Scopes { get; } = scopes;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        var user = context.User;
        if (!TenantId.IsValid(user.FindFirstValue(tenantClaim)))
        {
            context.Fail(new AuthorizationFailureReason(this, $"The token has no valid '{tenantClaim}' claim naming a tenant."));
        }
        else if (!requirement.Scopes.Any(scope => HasScope(user, scope)))
        {
            context.Fail(new AuthorizationFailureReason(this, $"The token lacks the {string.Join(" or the ", requirement.Scopes.Select(s => $"'{s}'"))} scope."));
        }
        else
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether a space-separated "scope" or "scp" claim lists the scope; runs on every request, so without LINQ or splitting.</summary>
    internal static bool HasScope(ClaimsPrincipal user, string scope)
    {
        foreach (var claim in user.Claims)
        {
            // Claim types compare ignoring case, as ClaimsPrincipal.FindAll does.
            if ((string.Equals(claim.Type, "scope", StringComparison.OrdinalIgnoreCase) || string.Equals(claim.Type, "scp", StringComparison.OrdinalIgnoreCase))
                && ListsScope(claim.Value, scope))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ListsScope(string value, string scope)
    {
        foreach (var range in value.AsSpan().Split(' '))
        {
            if (value.AsSpan(range).SequenceEqual(scope))
            {
                return true;
            }
        }

        return false;
    }
}
