using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EmailList.EventIngester.Http;

/// <summary>Declares the ingest key (the EventBridge connection's API key) as what every ingester operation needs.</summary>
internal sealed class IngestKeySecurityTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeName = "IngestKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = IngestKey.HeaderName,
            Description = $"The shared secret configured as {IngesterOptions.SectionName}:{nameof(IngesterOptions.SharedSecret)}, sent by the platform's EventBridge connection.",
        };
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] };
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            operation.Security = [requirement];
        }

        return Task.CompletedTask;
    }
}
