using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.SendApi.Contacts;
using EmailList.SendApi.Lists;
using EmailList.ServiceDefaults.Auth;
using EmailList.ServiceDefaults.Http;
using EmailList.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Imports;

public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/imports").WithTags("Imports").DisableAntiforgery();
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.ListsWrite)
            .WithName("ImportContacts")
            .WithSummary("Upload a CSV (header 'email' plus attribute columns) into a list; answered 202 at once, imported in the background (GET /imports/{id}).")
            .WithQueryParameters(
                new("list", "The list to import into (required)."),
                new("consent", "How the addresses consented, in your words: with it rows are subscribed, without it pending (confirmation mail with double opt-in)."))
            // No Accepts metadata: routing would refuse other types with a 415 that asks for JSON; the handler's says what to send.
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.ListsRead)
            .WithName("GetImport")
            .WithSummary("An import's status and counts: created, updated, suppressed, skipped by reason, and the first row errors with line numbers.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Accepted<ImportResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, CallerTenant caller, IListStore lists, ImportUpload upload, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var listId = http.Request.Query["list"].ToString();
        if (listId.Length == 0)
        {
            errors.Add("list", "Name the list to import into: POST /imports?list=lst_…");
        }

        string? consent = null;
        if (http.Request.Query.ContainsKey("consent"))
        {
            consent = http.Request.Query["consent"].ToString().Trim();
            if (consent.Length is 0 or > ContactLimits.MaxConsentLength)
            {
                errors.Add("consent", $"A consent statement is 1-{ContactLimits.MaxConsentLength} characters saying how and when the addresses agreed; leave it out to import them as pending.");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem("The import is not valid");
        }

        var list = RandomId.IsWellFormed(ListIds.List, listId) ? await lists.GetAsync(caller.TenantId, listId, cancellationToken) : null;
        if (list is null)
        {
            return ListEndpoints.NotFound(listId);
        }

        var (job, problem) = await upload.ReceiveAsync(http, list, consent, cancellationToken);
        return job is null ? problem! : TypedResults.Accepted($"/imports/{job.Id}", ImportResponse.From(job));
    }

    internal static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> GetAsync(
        string id, CallerTenant caller, IImportStore imports, CancellationToken cancellationToken)
    {
        var job = RandomId.IsWellFormed(ListIds.Import, id) ? await imports.GetAsync(caller.TenantId, id, cancellationToken) : null;
        return job is null
            ? Problems.Create(StatusCodes.Status404NotFound, "Import not found", $"The tenant has no import '{id}'; POST /imports answers the id of a new one.")
            : TypedResults.Ok(ImportResponse.From(job));
    }
}
