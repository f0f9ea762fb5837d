using System.Security.Claims;
using EmailList.Core.Tenants;
using Microsoft.AspNetCore.Authorization;

namespace EmailList.ServiceDefaults.Auth;

/// <summary>The caller acts for a tenant (a valid tenant claim) and holds the scope.</summary>
public sealed class TenantScopeRequirement(string scope, string tenantClaim) : AuthorizationHandler<TenantScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        var user = context.User;
        if (!TenantId.IsValid(user.FindFirstValue(tenantClaim)))
        {
            context.Fail(new AuthorizationFailureReason(this, $"The token has no valid '{tenantClaim}' claim naming a tenant."));
        }
        else if (!HasScope(user, requirement.Scope))
        {
            context.Fail(new AuthorizationFailureReason(this, $"The token lacks the '{requirement.Scope}' scope."));
        }
        else
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    internal static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindAll("scope").Concat(user.FindAll("scp"))
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(scope, StringComparer.Ordinal);
}
