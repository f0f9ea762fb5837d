using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EmailList.ServiceDefaults.OpenApi;

/// <summary>Declares how callers authenticate: a JWT bearer token carrying a tenant claim and scopes.</summary>
internal sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    public const string Bearer = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var operations = (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>());
        if (!operations.Any(o => o.Security?.Any(r => r.Keys.Any(k => k.Reference.Id == Bearer)) == true))
        {
            return Task.CompletedTask;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from your identity provider with a tenant claim and, in its `scope` claim, the scopes an "
                + $"operation lists ({string.Join(", ", Scopes.All.Select(s => $"`{s}`"))}); operator operations need a "
                + $"`role` claim of `{Policies.OperatorRole}`. The embedded default mints tokens at `GET /_dev/token`.",
        };
        return Task.CompletedTask;
    }
}
