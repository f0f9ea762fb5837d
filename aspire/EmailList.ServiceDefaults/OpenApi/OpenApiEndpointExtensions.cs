using EmailList.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.AspNetCore.Http;

public static class OpenApiEndpointExtensions
{
    /// <summary>Documents query parameters the handler reads itself (see <see cref="QueryParameter"/>).</summary>
    public static TBuilder WithQueryParameters<TBuilder>(this TBuilder builder, params QueryParameter[] parameters) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryParameterMetadata(parameters));

    /// <summary>Documents each status as a ProblemDetails answer (application/problem+json).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
