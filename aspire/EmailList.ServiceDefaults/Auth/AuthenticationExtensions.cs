using System.Text;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

public static class AuthenticationExtensions
{
    /// <summary>JWT bearer authentication and the scope/operator policies shared by every EmailList API.</summary>
    public static TBuilder AddEmailListAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.Authority) || o.SigningKeys.Count > 0,
                "Auth: set Authority (an OIDC issuer) or at least one SigningKeys entry.")
            .Validate(o => o.SigningKeys.All(IsStrongKey), "Auth:SigningKeys entries must be base64 of at least 32 bytes.")
            .ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwtOptions) => Configure(bearer, jwtOptions.Value));

        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        var tenantClaim = builder.Configuration[$"{JwtOptions.SectionName}:{nameof(JwtOptions.TenantClaim)}"] ?? new JwtOptions().TenantClaim;
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.MailSend, p => p.RequireAuthenticatedUser().AddRequirements(new TenantScopeRequirement(Scopes.MailSend, tenantClaim)))
            .AddPolicy(Policies.EventsRead, p => p.RequireAuthenticatedUser().AddRequirements(new TenantScopeRequirement(Scopes.EventsRead, tenantClaim)))
            .AddPolicy(Policies.SuppressionWrite, p => p.RequireAuthenticatedUser().AddRequirements(new TenantScopeRequirement(Scopes.SuppressionWrite, tenantClaim)))
            .AddPolicy(Policies.TenantAdmin, p => p.RequireAuthenticatedUser().AddRequirements(new TenantScopeRequirement(Scopes.TenantAdmin, tenantClaim)))
            .AddPolicy(Policies.TemplatesWrite, p => p.RequireAuthenticatedUser().AddRequirements(new TenantScopeRequirement(Scopes.TemplatesWrite, tenantClaim)))
            .AddPolicy(Policies.BroadcastsWrite, p => p.RequireAuthenticatedUser().AddRequirements(new TenantScopeRequirement(Scopes.BroadcastsWrite, tenantClaim)))
            .AddPolicy(Policies.WebhooksWrite, p => p.RequireAuthenticatedUser().AddRequirements(new TenantScopeRequirement(Scopes.WebhooksWrite, tenantClaim)))
            .AddPolicy(Policies.TemplatesUse, p => p.RequireAuthenticatedUser().AddRequirements(
                new TenantScopeRequirement(Policies.ScopesFor(Policies.TemplatesUse), tenantClaim)))
            .AddPolicy(Policies.ListsRead, p => p.RequireAuthenticatedUser().AddRequirements(
                new TenantScopeRequirement(Policies.ScopesFor(Policies.ListsRead), tenantClaim)))
            .AddPolicy(Policies.ListsWrite, p => p.RequireAuthenticatedUser().AddRequirements(new TenantScopeRequirement(Scopes.ListsWrite, tenantClaim)))
            .AddPolicy(Policies.Operator, p => p.RequireAuthenticatedUser().AddRequirements(new OperatorRequirement()));
        return builder;
    }

    private static void Configure(JwtBearerOptions bearer, JwtOptions options)
    {
        bearer.MapInboundClaims = false;
        bearer.RequireHttpsMetadata = options.RequireHttpsMetadata;
        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            bearer.Authority = options.Authority;
        }

        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = options.Issuer,
            ValidateAudience = true,
            ValidAudience = options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = options.ClockSkew,
            // Asymmetric algorithms for an IdP, HS256 for local keys; never "none".
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKeys = options.SigningKeys.Select(k => new SymmetricSecurityKey(Convert.FromBase64String(k))).ToArray(),
            NameClaimType = "sub",
        };
        bearer.Events = new JwtBearerEvents { OnChallenge = BearerChallengeWriter.WriteAsync };
    }

    private static bool IsStrongKey(string key)
    {
        var buffer = new byte[Encoding.ASCII.GetMaxByteCount(key.Length)];
        return Convert.TryFromBase64String(key, buffer, out var length) && length >= 32;
    }
}
