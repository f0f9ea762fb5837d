using System.Net;
using EmailList.Core.Tenants;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>GET /_dev/token: a token for the embedded default, answered to loopback callers only.</summary>
public static class DevTokenEndpoints
{
    public static IEndpointRouteBuilder MapDevTokenEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/_dev/token", Issue).WithTags("Development").ExcludeFromDescription();
        return routes;
    }

    internal static Results<Ok<DevToken>, ProblemHttpResult> Issue(
        HttpContext http, DevTokenIssuer issuer, IOptions<StandaloneOptions> options, string? tenant, string? scope, bool? admin)
    {
        if (http.Connection.RemoteIpAddress is { } ip && !IPAddress.IsLoopback(ip))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Development tokens are issued to loopback callers only.");
        }

        var tenantId = tenant ?? options.Value.DemoTenantId;
        if (!TenantId.IsValid(tenantId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid tenant", detail: "tenant is a lowercase slug such as 'demo'.");
        }

        var scopes = scope?.Split(' ', ',', StringSplitOptions.RemoveEmptyEntries) ?? [.. Scopes.All];
        var unknown = scopes.Except(Scopes.All).ToArray();
        if (unknown.Length > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown scope",
                detail: $"Unknown scope(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Scopes.All)}.");
        }

        var lifetime = TimeSpan.FromHours(12);
        return TypedResults.Ok(new DevToken(issuer.Issue(tenantId, scopes, admin ?? false, lifetime), (int)lifetime.TotalSeconds));
    }
}
