using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace EmailList.Testing.Hosting;

/// <summary>
/// Reads a service's /openapi/v1.json with Microsoft.OpenApi's own reader (an independent parser) and checks it
/// against the routes the service really maps.
/// </summary>
public static class OpenApiDocumentCheck
{
    private static readonly string[] UndocumentedPrefixes = ["/openapi", "/scalar", "/health", "/alive", "/_"];

    /// <summary>Fetches and parses the document; fails on any reader error, on a version other than 3.1, or on a mapped route it lacks.</summary>
    public static async Task<OpenApiDocument> DescribesEveryRouteAsync(ServiceHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();

        var result = OpenApiDocument.Parse(json, "json");
        Assert.True(result.Diagnostic is null || result.Diagnostic.Errors.Count == 0,
            "The OpenAPI document does not read: " + string.Join("; ", result.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic!.SpecificationVersion);
        var document = result.Document!;

        var documented = (document.Paths ?? [])
            .SelectMany(p => (p.Value.Operations ?? []).Keys.Select(m => $"{m.Method.ToUpperInvariant()} {p.Key}"))
            .ToHashSet(StringComparer.Ordinal);
        var mapped = MappedRoutes(host.Services).ToList();
        Assert.NotEmpty(mapped);
        Assert.All(mapped, route => Assert.Contains(route, documented));
        return document;
    }

    /// <summary>Every response other than 2xx is a ProblemDetails (application/problem+json).</summary>
    public static void EveryErrorIsAProblem(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var (path, item) in document.Paths ?? [])
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                foreach (var (status, answer) in operation.Responses ?? [])
                {
                    if (int.Parse(status, CultureInfo.InvariantCulture) >= 400)
                    {
                        Assert.True(answer.Content?.ContainsKey("application/problem+json") == true,
                            $"{method} {path} answers {status} without an application/problem+json body");
                    }
                }
            }
        }
    }

    /// <summary>"METHOD /path" of every route handler the host maps and does not exclude from the description.</summary>
    public static IEnumerable<string> MappedRoutes(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true
                || methods.Count == 0
                || UndocumentedPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var method in methods)
            {
                yield return $"{method} {path}";
            }
        }
    }
}
