using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EmailList.ServiceDefaults.OpenApi;

/// <summary>Adds the query parameters of <see cref="QueryParameterMetadata"/> to the operation, as strings.</summary>
internal sealed class QueryParametersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var metadata in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameterMetadata>())
        {
            operation.Parameters ??= [];
            foreach (var parameter in metadata.Parameters)
            {
                if (!operation.Parameters.Any(p => p.In == ParameterLocation.Query && p.Name == parameter.Name))
                {
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = parameter.Name,
                        In = ParameterLocation.Query,
                        Description = parameter.Description,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                }
            }
        }

        return Task.CompletedTask;
    }
}
