using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EmailList.ServiceDefaults.OpenApi;

/// <summary>
/// Marks each operation that needs a token with the bearer scheme and its scope, and with the 401 and 403
/// ProblemDetails every such operation can answer, so no endpoint has to repeat them.
/// </summary>
internal sealed class SecurityRequirementTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (policies.Count == 0 && !metadata.OfType<IAuthorizeData>().Any())
        {
            return;
        }

        var scopes = policies.SelectMany(Policies.ScopesFor).Distinct(StringComparer.Ordinal).ToList();
        var scheme = new OpenApiSecuritySchemeReference(SecuritySchemesTransformer.Bearer, context.Document);
        operation.Security = [new OpenApiSecurityRequirement { [scheme] = scopes }];
        var who = policies.Contains(Policies.Operator)
            ? $"an operator token (`role: {Policies.OperatorRole}`)"
            : $"a tenant token with the scope {string.Join(" or ", scopes.Select(s => $"`{s}`"))}";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Needs {who}." : $"{operation.Description}\n\nNeeds {who}.";

        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        operation.Responses ??= [];
        Add(operation.Responses, StatusCodes.Status401Unauthorized, "No token, or one that is expired, badly signed or for another audience.", problem);
        Add(operation.Responses, StatusCodes.Status403Forbidden, $"The token is valid but is not {who}.", problem);
    }

    private static void Add(OpenApiResponses responses, int status, string description, IOpenApiSchema schema)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!responses.ContainsKey(key))
        {
            responses[key] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            };
        }
    }
}
