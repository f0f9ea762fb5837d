using EmailList.ServiceDefaults.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenIddict.Abstractions;

namespace EmailList.Sandbox.Oidc;

/// <summary>The stand-in OpenID Connect provider, built on OpenIddict's server in degraded mode (no database).</summary>
public static class SandboxOidcExtensions
{
    public const string AuthorizationPath = "/oidc/authorize";
    public const string TokenPath = "/oidc/token";
    public const string EndSessionPath = "/oidc/end-session";

    public static TBuilder AddSandboxOidc<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SandboxOidcOptions>().BindConfiguration(SandboxOidcOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (!builder.Configuration.GetValue<bool>($"{SandboxOidcOptions.SectionName}:{nameof(SandboxOidcOptions.Enabled)}"))
        {
            return builder;
        }

        var lifetime = builder.Configuration.GetValue<TimeSpan?>($"{SandboxOidcOptions.SectionName}:{nameof(SandboxOidcOptions.AccessTokenLifetime)}") ?? TimeSpan.FromHours(1);
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            // The issuer is the sandbox's own base address, as the browser and the APIs reach it.
            server.SetConfigurationEndpointUris(".well-known/openid-configuration")
                .SetJsonWebKeySetEndpointUris(".well-known/jwks")
                .SetAuthorizationEndpointUris(AuthorizationPath.TrimStart('/'))
                .SetTokenEndpointUris(TokenPath.TrimStart('/'))
                .SetEndSessionEndpointUris(EndSessionPath.TrimStart('/'));
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow();
            server.RegisterScopes([OpenIddictConstants.Scopes.OpenId, OpenIddictConstants.Scopes.Profile, OpenIddictConstants.Scopes.OfflineAccess, .. Scopes.All]);
            // Keys live as long as the process: a restarted sandbox invalidates its tokens, as a stand-in may.
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            // The APIs read the access token as a plain signed JWT (RS256), as they would one from any provider.
            server.DisableAccessTokenEncryption();
            server.SetAccessTokenLifetime(lifetime);
            server.EnableDegradedMode().DisableTokenStorage().DisableAuthorizationStorage();
            OidcClientValidation.Register(server);
            server.UseAspNetCore()
                .DisableTransportSecurityRequirement()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough();
        });
        return builder;
    }
}
