using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;

namespace EmailList.Sandbox.Oidc;

/// <summary>
/// The provider's own pages over OpenIddict's protocol handling: a "pick a tenant" sign-in page at the authorization
/// endpoint, the code (and refresh token) exchange, and sign-out.
/// </summary>
public static partial class OidcEndpoints
{
    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static TEndpoints MapSandboxOidc<TEndpoints>(this TEndpoints endpoints) where TEndpoints : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<SandboxOidcOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        endpoints.MapMethods(SandboxOidcExtensions.AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], Authorize).ExcludeFromDescription();
        endpoints.MapPost(SandboxOidcExtensions.TokenPath, (Delegate)ExchangeAsync).ExcludeFromDescription();
        endpoints.MapMethods(SandboxOidcExtensions.EndSessionPath, [HttpMethods.Get, HttpMethods.Post], EndSession).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Authorize(HttpContext http, IOptions<SandboxOidcOptions> options, ILogger<SandboxOidcOptions> logger)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle the authorization request.");
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            return PickerPage(request, problem: null);
        }

        var tenant = ((string?)request.GetParameter("tenant"))?.Trim().ToLowerInvariant() ?? "";
        var user = ((string?)request.GetParameter("user"))?.Trim() ?? "";
        if (!TenantId().IsMatch(tenant))
        {
            return PickerPage(request, "A tenant id is 1 to 48 lower-case letters, digits or hyphens, starting with a letter or digit.");
        }

        if (user.Length is 0 or > 64)
        {
            user = "user";
        }

        var settings = options.Value;
        var identity = new ClaimsIdentity(Scheme, OpenIddictConstants.Claims.Name, OpenIddictConstants.Claims.Role);
        identity.SetClaim(OpenIddictConstants.Claims.Subject, $"{user}@{tenant}")
            .SetClaim(OpenIddictConstants.Claims.Name, user)
            .SetClaim(settings.TenantClaim, tenant);
        // A stand-in grants what the client asks for; a real provider would ask the user and check their rights.
        identity.SetScopes(request.GetScopes());
        identity.SetResources(settings.Audience);
        identity.SetDestinations(static _ => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken]);
        SandboxLog.OidcSignedIn(logger, user, tenant);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Scheme);
    }

    private static async Task<IResult> ExchangeAsync(HttpContext http)
    {
        // OpenIddict has already checked the code (or refresh token), its PKCE verifier and the client: re-issue its principal.
        var redeemed = await http.AuthenticateAsync(Scheme);
        if (redeemed.Principal is null)
        {
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = OpenIddictConstants.Errors.InvalidGrant,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The code or refresh token is no longer valid.",
                }),
                [Scheme]);
        }

        redeemed.Principal.SetDestinations(static _ => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken]);
        return Results.SignIn(redeemed.Principal, authenticationScheme: Scheme);
    }

    // The provider keeps no session of its own (every sign-in shows the picker), so signing out only sends the client back.
    private static IResult EndSession() => Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [Scheme]);

    private static IResult PickerPage(OpenIddictRequest request, string? problem)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sandbox sign-in</title>
            <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
            label{display:block;margin-top:1rem;font-weight:600}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}
            button{margin-top:1.5rem;font-size:1rem;padding:.5rem 1rem}.problem{color:#a00000}</style></head>
            <body><main><h1>Sandbox sign-in</h1>
            <p>The EmailList sandbox's stand-in identity provider: pick the tenant (and a user name) to sign in as. No password: never use it in production.</p>
            """);
        page.Append("<form method=\"post\" action=\"").Append(html.Encode(SandboxOidcExtensions.AuthorizationPath)).Append("\">");
        foreach (var (name, value) in request.GetParameters())
        {
            if (name is "tenant" or "user")
            {
                continue;
            }

            page.Append("<input type=\"hidden\" name=\"").Append(html.Encode(name)).Append("\" value=\"").Append(html.Encode(value.ToString() ?? "")).Append("\">");
        }

        var tenant = (string?)request.GetParameter("tenant") ?? "demo";
        var user = (string?)request.GetParameter("user") ?? "developer";
        page.Append("<label for=\"tenant\">Tenant id</label><input id=\"tenant\" name=\"tenant\" required autocomplete=\"off\" spellcheck=\"false\" value=\"")
            .Append(html.Encode(tenant)).Append('"');
        if (problem is not null)
        {
            page.Append(" aria-invalid=\"true\" aria-describedby=\"tenant-problem\"><p class=\"problem\" id=\"tenant-problem\">").Append(html.Encode(problem)).Append("</p>");
        }
        else
        {
            page.Append('>');
        }

        page.Append("<label for=\"user\">User name</label><input id=\"user\" name=\"user\" autocomplete=\"off\" value=\"").Append(html.Encode(user)).Append("\">");
        page.Append("<button type=\"submit\">Sign in</button></form></main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,47}$")]
    private static partial Regex TenantId();
}
