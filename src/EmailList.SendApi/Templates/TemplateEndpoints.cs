using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EmailList.Core.Templates;
using EmailList.Core.Tenants;
using EmailList.SendApi.Mail;
using EmailList.ServiceDefaults.Auth;
using EmailList.ServiceDefaults.Http;
using EmailList.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Templates;

public static class TemplateEndpoints
{
    public const int DefaultLimit = 50;

    // Room for the largest template written as JSON (escapes make it longer than its text) with its name.
    private const int MaxTemplateBodyBytes = 2 * TemplateLimits.MaxContentBytes + 16 * 1024;

    public static IEndpointRouteBuilder MapTemplateEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/templates").WithTags("Templates").DisableAntiforgery();
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.TemplatesWrite)
            .WithName("CreateTemplate")
            .WithSummary("Store a template (subject, html, text in SES's Handlebars syntax) as version 1.")
            .AcceptsJsonOnly<CreateTemplateRequest>()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.TemplatesUse)
            .WithName("ListTemplates")
            .WithSummary("The tenant's templates by name, each at its latest version; paginated by cursor.")
            .WithQueryParameters(
                new("limit", $"Templates per page, 1-{TemplateRange.MaxPageSize} (default {DefaultLimit})."),
                new("cursor", "The cursor of the previous page, as given."));
        group.MapGet("/{name}", GetAsync).RequireAuthorization(Policies.TemplatesUse)
            .WithName("GetTemplate")
            .WithSummary("A template at its latest version, or at ?version=n.")
            .WithQueryParameters(new QueryParameter("version", "A version number; the latest when absent."))
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", UpdateAsync).RequireAuthorization(Policies.TemplatesWrite)
            .WithName("UpdateTemplate")
            .WithSummary("Store the next version of a template; earlier versions stay readable and sendable.")
            .AcceptsJsonOnly<UpdateTemplateRequest>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/{name}", DeleteAsync).RequireAuthorization(Policies.TemplatesWrite)
            .WithName("DeleteTemplate")
            .WithSummary("Delete a template, every version.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/render", RenderAsync).RequireAuthorization(Policies.TemplatesUse)
            .WithName("RenderTemplate")
            .WithSummary("Render a template with {\"data\": {...}} as a send would, without sending: a preview.")
            .AcceptsJsonOnly<RenderTemplateRequest>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/import", ImportAsync).RequireAuthorization(Policies.TemplatesWrite)
            .WithName("ImportTemplates")
            .WithSummary("Copy the templates of the tenant's own SES account (its region) that it does not have yet; reports those skipped, with why.")
            .ProducesProblems([StatusCodes.Status404NotFound, .. AwsFailureProblems.Statuses]);
        return routes;
    }

    internal static async Task<Results<Created<TemplateResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest http, CallerTenant caller, TemplateCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, MaxTemplateBodyBytes, SendApiJsonContext.Default.CreateTemplateRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!TemplateName.IsValid(request!.Name))
        {
            return ValidationErrors.Problem("name", TemplateName.Rule, "The template is not valid");
        }

        var (content, invalid) = catalog.Check(request.Subject, request.Html, request.Text);
        if (content is null)
        {
            return invalid is ValidationProblem validation ? validation : (ProblemHttpResult)invalid!;
        }

        var created = await catalog.CreateAsync(caller.TenantId, request.Name!, content, cancellationToken);
        return created is null
            ? Problems.Create(StatusCodes.Status409Conflict, "Template exists",
                $"The tenant already has a template named '{request.Name}'; PUT /templates/{request.Name} stores a new version of it.")
            : TypedResults.Created($"/templates/{created.Name}", TemplateResponse.From(created));
    }

    internal static async Task<Results<Ok<TemplateListResponse>, ValidationProblem>> ListAsync(
        HttpRequest http, CallerTenant caller, TemplateCatalog catalog, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var limit = DefaultLimit;
        if (http.Query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > TemplateRange.MaxPageSize))
        {
            errors.Add("limit", $"A limit is a whole number from 1 to {TemplateRange.MaxPageSize}.");
        }

        var cursor = http.Query["cursor"].ToString() is { Length: > 0 } c ? c : null;
        if (errors.Any)
        {
            return errors.ToProblem("The template listing query is not valid");
        }

        TemplatePage page;
        try
        {
            page = await catalog.Store.ListAsync(caller.TenantId, new TemplateQuery(limit, cursor), cancellationToken);
        }
        catch (ArgumentException e) when (cursor is not null)
        {
            return ValidationErrors.Problem("cursor", e.Message.Split(" (Parameter", 2)[0], "The template listing query is not valid");
        }

        return TypedResults.Ok(new TemplateListResponse(page.Items.Select(TemplateSummary.From).ToList(), page.NextCursor));
    }

    internal static async Task<Results<Ok<TemplateResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string name, HttpRequest http, CallerTenant caller, TemplateCatalog catalog, CancellationToken cancellationToken)
    {
        int? version = null;
        if (http.Query["version"].ToString() is { Length: > 0 } versionText)
        {
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return ValidationErrors.Problem("version", "A version is a whole number from 1.", "The template query is not valid");
            }

            version = parsed;
        }

        var template = TemplateName.IsValid(name) ? await catalog.Store.GetAsync(caller.TenantId, name, version, cancellationToken) : null;
        return template is null ? TemplateProblems.NotFound(name, version) : TypedResults.Ok(TemplateResponse.From(template));
    }

    internal static async Task<Results<Ok<TemplateResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string name, HttpRequest http, CallerTenant caller, TemplateCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, MaxTemplateBodyBytes, SendApiJsonContext.Default.UpdateTemplateRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!TemplateName.IsValid(name))
        {
            return TemplateProblems.NotFound(name, null);
        }

        var (content, invalid) = catalog.Check(request!.Subject, request.Html, request.Text);
        if (content is null)
        {
            return invalid is ValidationProblem validation ? validation : (ProblemHttpResult)invalid!;
        }

        var updated = await catalog.UpdateAsync(caller.TenantId, name, content, cancellationToken);
        return updated is null ? TemplateProblems.NotFound(name, null) : TypedResults.Ok(TemplateResponse.From(updated));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string name, CallerTenant caller, TemplateCatalog catalog, CancellationToken cancellationToken) =>
        TemplateName.IsValid(name) && await catalog.Store.DeleteAsync(caller.TenantId, name, cancellationToken)
            ? TypedResults.NoContent()
            : TemplateProblems.NotFound(name, null);

    internal static async Task<Results<Ok<RenderedTemplateResponse>, ProblemHttpResult>> RenderAsync(
        string name, HttpRequest http, CallerTenant caller, TemplateCatalog catalog, IOptions<MailOptions> options, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, options.Value.MaxRequestBytes, SendApiJsonContext.Default.RenderTemplateRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Version is < 1)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid version", "'version', when given, is a version number from 1.");
        }

        var (template, rendered, failed) = await catalog.RenderAsync(caller.TenantId, name, request.Version, request.Data, cancellationToken);
        return failed is not null
            ? failed
            : TypedResults.Ok(new RenderedTemplateResponse(template!.Name, template.Version, rendered!.Subject, rendered.Html, rendered.Text));
    }

    internal static async Task<Results<Ok<TemplateImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpContext http, CallerTenant caller, TenantDirectory tenants, TemplateCatalog catalog, CancellationToken cancellationToken)
    {
        var tenant = await tenants.GetAsync(caller.TenantId, cancellationToken);
        if (tenant is null)
        {
            return Problems.UnknownTenant(caller.TenantId);
        }

        var (result, problem) = await catalog.ImportAsync(tenant, http.Response, cancellationToken);
        return problem ?? (Results<Ok<TemplateImportResponse>, ProblemHttpResult>)TypedResults.Ok(result!);
    }

    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest http, int maxBytes, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var body = await RequestBody.ReadAsync(http, maxBytes, cancellationToken);
        if (body is null)
        {
            return (null, Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body is larger than {maxBytes} bytes."));
        }

        try
        {
            var value = body.Length == 0 ? null : JsonSerializer.Deserialize(body, typeInfo);
            return value is null ? (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid. {JsonErrors.Describe(e, body, typeInfo)}"));
        }
    }
}
