using EmailList.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>Each service's OpenAPI 3.1 document at /openapi/v1.json, and an interactive reference at /scalar where it is wanted.</summary>
public static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";

    /// <summary>Set to true to serve the interactive API reference (Scalar) at /scalar; Development serves it by default.</summary>
    public const string ReferenceSetting = "OpenApi:Reference";

    public static TBuilder AddEmailListOpenApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<SecuritySchemesTransformer>();
            options.AddOperationTransformer<SecurityRequirementTransformer>();
            options.AddOperationTransformer<QueryParametersTransformer>();
        });
        return builder;
    }

    /// <summary>The title and description of this service's OpenAPI document.</summary>
    public static TBuilder DescribeApi<TBuilder>(this TBuilder builder, string title, string description) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<OpenApiOptions>(DocumentName, options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = title;
            document.Info.Description = description;
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapEmailListOpenApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi(DocumentPath);
        if (app.Configuration.GetValue(ReferenceSetting, app.Environment.IsDevelopment()))
        {
            app.MapScalarApiReference();
        }

        return app;
    }
}
