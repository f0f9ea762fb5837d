using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace EmailList.Sandbox.Oidc;

/// <summary>
/// The checks OpenIddict leaves to its host in degraded mode (no application store): the one configured client, its
/// secret and its exact redirect URIs.
/// </summary>
internal static class OidcClientValidation
{
    public static void Register(OpenIddictServerBuilder server)
    {
        server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            var options = Options(context.Transaction);
            if (!string.Equals(context.ClientId, options.ClientId, StringComparison.Ordinal))
            {
                context.Reject(OpenIddictConstants.Errors.InvalidClient, $"The sandbox knows one client, '{options.ClientId}' (Sandbox:Oidc:ClientId).");
            }
            else if (!options.RedirectUris.Contains(context.RedirectUri ?? "", StringComparer.Ordinal))
            {
                context.Reject(OpenIddictConstants.Errors.InvalidRequest, $"redirect_uri '{context.RedirectUri}' is not in Sandbox:Oidc:RedirectUris.");
            }

            return default;
        }));
        server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            var options = Options(context.Transaction);
            if (!string.Equals(context.ClientId, options.ClientId, StringComparison.Ordinal)
                || !string.Equals(context.Request.ClientSecret, options.ClientSecret, StringComparison.Ordinal))
            {
                context.Reject(OpenIddictConstants.Errors.InvalidClient, "Unknown client or wrong client secret (Sandbox:Oidc:ClientId, Sandbox:Oidc:ClientSecret).");
            }

            return default;
        }));
        server.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            var options = Options(context.Transaction);
            if (!string.IsNullOrEmpty(context.PostLogoutRedirectUri)
                && !options.PostLogoutRedirectUris.Contains(context.PostLogoutRedirectUri, StringComparer.Ordinal))
            {
                context.Reject(OpenIddictConstants.Errors.InvalidRequest, $"post_logout_redirect_uri '{context.PostLogoutRedirectUri}' is not in Sandbox:Oidc:PostLogoutRedirectUris.");
            }

            return default;
        }));
    }

    private static SandboxOidcOptions Options(OpenIddictServerTransaction transaction) =>
        (transaction.GetHttpRequest() ?? throw new InvalidOperationException("The OpenIddict transaction has no HTTP request."))
            .HttpContext.RequestServices.GetRequiredService<IOptions<SandboxOidcOptions>>().Value;
}
