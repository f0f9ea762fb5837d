using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.ServiceDefaults.Auth;
using EmailList.ServiceDefaults.Http;
using EmailList.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Lists;

public static class ListEndpoints
{
    private const string InvalidQuery = "The list listing query is not valid";

    public static IEndpointRouteBuilder MapListEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/lists").WithTags("Lists").DisableAntiforgery();
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.ListsWrite)
            .WithName("CreateList")
            .WithSummary("Create a list: its sender, double opt-in (on by default), confirmation mail and the origins its sign-up form may be posted from.")
            .AcceptsJsonOnly<CreateListRequest>()
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.ListsRead)
            .WithName("ListLists")
            .WithSummary("The tenant's lists by id; paginated by cursor.")
            .WithQueryParameters(
                new("limit", $"Lists per page, 1-{ListLimits.MaxPageSize} (default {ListLimits.DefaultPageSize})."),
                new("cursor", "The cursor of the previous page, as given."));
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.ListsRead)
            .WithName("GetList")
            .WithSummary("A list with its public key and sign-up URL.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}", UpdateAsync).RequireAuthorization(Policies.ListsWrite)
            .WithName("UpdateList")
            .WithSummary("Rename a list or change its settings; what the body leaves out stays as it is.")
            .AcceptsJsonOnly<UpdateListRequest>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.ListsWrite)
            .WithName("DeleteList")
            .WithSummary("Delete a list and every subscription to it; the contacts stay.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Created<ListResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest http, CallerTenant caller, ListCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonRequestBody.ReadAsync(http, ListLimits.MaxBodyBytes, ListApiJsonContext.Default.CreateListRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (list, invalid) = await catalog.CreateAsync(caller.TenantId, request!, cancellationToken);
        if (invalid is ValidationProblem validation)
        {
            return validation;
        }

        return list is null ? (ProblemHttpResult)invalid! : TypedResults.Created($"/lists/{list.Id}", catalog.Describe(list));
    }

    internal static async Task<Results<Ok<ListPageResponse>, ValidationProblem>> ListAsync(
        HttpRequest http, CallerTenant caller, ListCatalog catalog, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, cursor) = PageQuery.Read(http, errors);
        if (errors.Any)
        {
            return errors.ToProblem(InvalidQuery);
        }

        ListPage page;
        try
        {
            page = await catalog.Store.ListAsync(caller.TenantId, new ListQuery(limit, cursor), cancellationToken);
        }
        catch (Exception e) when (cursor is not null && e is ArgumentException or FormatException)
        {
            return ValidationErrors.Problem("cursor", PageQuery.Describe(e), InvalidQuery);
        }

        return TypedResults.Ok(new ListPageResponse(page.Items.Select(catalog.Describe).ToList(), page.NextCursor));
    }

    internal static async Task<Results<Ok<ListResponse>, ProblemHttpResult>> GetAsync(
        string id, CallerTenant caller, ListCatalog catalog, CancellationToken cancellationToken)
    {
        var list = RandomId.IsWellFormed(ListIds.List, id) ? await catalog.Store.GetAsync(caller.TenantId, id, cancellationToken) : null;
        return list is null ? NotFound(id) : TypedResults.Ok(catalog.Describe(list));
    }

    internal static async Task<Results<Ok<ListResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, HttpRequest http, CallerTenant caller, ListCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonRequestBody.ReadAsync(http, ListLimits.MaxBodyBytes, ListApiJsonContext.Default.UpdateListRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!RandomId.IsWellFormed(ListIds.List, id))
        {
            return NotFound(id);
        }

        var (list, invalid) = await catalog.UpdateAsync(caller.TenantId, id, request!, cancellationToken);
        if (invalid is ValidationProblem validation)
        {
            return validation;
        }

        if (invalid is not null)
        {
            return (ProblemHttpResult)invalid;
        }

        return list is null ? NotFound(id) : TypedResults.Ok(catalog.Describe(list));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, CallerTenant caller, ListCatalog catalog, CancellationToken cancellationToken) =>
        RandomId.IsWellFormed(ListIds.List, id) && await catalog.Store.DeleteAsync(caller.TenantId, id, cancellationToken)
            ? TypedResults.NoContent()
            : NotFound(id);

    /// <summary>404 for a list id in the path that the tenant does not have.</summary>
    public static ProblemHttpResult NotFound(string id) => Problems.Create(StatusCodes.Status404NotFound, "List not found",
        $"The tenant has no list '{id}'; GET /lists shows its lists, POST /lists creates one.");
}
