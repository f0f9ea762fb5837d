using System.Text;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Suppression;

public static class SuppressionEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const string ApiSource = "api";

    private const int MaxPrefixLength = 320;
    private static readonly IReadOnlyList<string> ListParameters = ["reason", "prefix", "limit", "cursor"];

    public static IEndpointRouteBuilder MapSuppressionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/suppression-list").WithTags("Suppression list");
        group.MapGet("", ListAsync).RequireAuthorization(Policies.EventsRead)
            .WithSummary("The tenant's suppression list by address, filtered by reason or address prefix; paginated by cursor.")
            .WithQueryParameters(
                new("reason", "Only entries with this reason: BOUNCE, COMPLAINT, MANUAL or UNSUBSCRIBE."),
                new("prefix", "Only addresses starting with this text."),
                new("limit", $"Entries per page, 1-{MaxLimit} (default {DefaultLimit})."),
                new("cursor", "The cursor of the previous page, as given."));
        group.MapGet("/export", Export).RequireAuthorization(Policies.EventsRead)
            .WithSummary("The whole list as CSV: email,reason,source,createdAt.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        group.MapGet("/{email}", GetAsync).RequireAuthorization(Policies.EventsRead)
            .WithSummary("Whether one address is suppressed, and why.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPut("/{email}", PutAsync).RequireAuthorization(Policies.SuppressionWrite)
            .WithSummary("Suppress an address: body {\"reason\": \"MANUAL\"|\"BOUNCE\"|\"COMPLAINT\"|\"UNSUBSCRIBE\"}.")
            .AcceptsJsonOnly<PutSuppressionRequest>()
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        group.MapDelete("/{email}", DeleteAsync).RequireAuthorization(Policies.SuppressionWrite)
            .WithSummary("Stop suppressing an address; with fromSes=true also remove it from the SES account-level list.")
            .ProducesProblems([StatusCodes.Status404NotFound, .. AwsFailureProblems.Statuses]);
        group.MapPost("/import", ImportAsync).RequireAuthorization(Policies.SuppressionWrite)
            .WithSummary("Add the rows of a CSV (text/csv, header email,reason[,source,createdAt]); reports rows skipped, by line.")
            .Accepts<string>("text/csv")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
            .DisableAntiforgery();
        group.MapPost("/sync", SyncAsync).RequireAuthorization(Policies.SuppressionWrite)
            .WithSummary("Sync with the SES account-level suppression list through the tenant's role: {\"direction\": \"pull\"|\"push\"|\"both\"}.")
            .AcceptsJsonOnly<SyncRequest>()
            .ProducesProblems([StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, .. AwsFailureProblems.Statuses]);
        return routes;
    }

    internal static async Task<Results<Ok<SuppressionListResponse>, ValidationProblem>> ListAsync(
        HttpRequest http, CallerTenant caller, ISuppressionStore store, CursorSigner cursors, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var errors = new ValidationErrors();
        QueryParameters.RejectUnknown(http.Query, ListParameters, errors);
        SuppressionReason? reason = null;
        if (QueryParameters.Single(http.Query, "reason", errors) is { } reasonText)
        {
            if (SuppressionReasons.TryParse(reasonText, out var parsed))
            {
                reason = parsed;
            }
            else
            {
                errors.Add("reason", $"'{TimeWindowParser.Shorten(reasonText)}' is not a reason; use one of {SuppressionReasons.Valid}.");
            }
        }

        var prefix = QueryParameters.Single(http.Query, "prefix", errors)?.ToLowerInvariant();
        if (prefix is not null && (prefix.Length > MaxPrefixLength || prefix.Any(char.IsControl)))
        {
            errors.Add("prefix", $"An address prefix is 1-{MaxPrefixLength} characters without control characters, e.g. prefix=jane or prefix=jane@exa.");
        }

        var limit = QueryParameters.Limit(http.Query, errors, DefaultLimit, MaxLimit);
        var cursor = QueryParameters.Single(http.Query, "cursor", errors);
        if (errors.Any)
        {
            return errors.ToProblem("The suppression list query is not valid");
        }

        var fingerprint = $"suppression\n{reason}\n{prefix}";
        string? storeCursor = null;
        if (cursor is not null && (storeCursor = cursors.Open(tenantId, fingerprint, cursor)) is null)
        {
            return InvalidCursor();
        }

        SuppressionPage page;
        try
        {
            page = await store.ListAsync(tenantId, new SuppressionQuery(reason, prefix, limit, storeCursor), cancellationToken);
        }
        catch (ArgumentException) when (storeCursor is not null)
        {
            return InvalidCursor();
        }

        var next = page.NextCursor is null ? null : cursors.Sign(tenantId, fingerprint, page.NextCursor);
        return TypedResults.Ok(new SuppressionListResponse(page.Items.Select(SuppressionEntryResponse.From).ToList(), next));
    }

    internal static async Task<Results<Ok<SuppressionEntryResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string email, CallerTenant caller, ISuppressionStore store, CancellationToken cancellationToken)
    {
        var normalized = EmailAddressRules.Normalize(email, out var error);
        if (normalized is null)
        {
            return InvalidAddress(error!);
        }

        var entry = await store.GetAsync(caller.TenantId, normalized, cancellationToken);
        return entry is null
            ? Problems.Create(StatusCodes.Status404NotFound, "Not suppressed", $"'{normalized}' is not on the tenant's suppression list.")
            : TypedResults.Ok(SuppressionEntryResponse.From(entry));
    }

    internal static async Task<Results<Ok<SuppressionEntryResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string email, HttpRequest http, CallerTenant caller, SuppressionList list, CancellationToken cancellationToken)
    {
        var normalized = EmailAddressRules.Normalize(email, out var error);
        if (normalized is null)
        {
            return InvalidAddress(error!);
        }

        var (request, problem) = await JsonBody.ReadAsync(http, QueryApiJsonContext.Default.PutSuppressionRequest, "{\"reason\":\"MANUAL\"}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!SuppressionReasons.TryParse(request!.Reason, out var reason))
        {
            return ValidationErrors.Problem("reason", $"A reason is required: one of {SuppressionReasons.Valid}.", "The suppression entry is not valid");
        }

        var entry = await list.AddAsync(caller.TenantId, normalized, reason, ApiSource, cancellationToken);
        return TypedResults.Ok(SuppressionEntryResponse.From(entry));
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string email,
        bool? fromSes,
        HttpResponse response,
        CallerTenant caller,
        SuppressionList list,
        TenantSesAccess tenantSes,
        CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var normalized = EmailAddressRules.Normalize(email, out var error);
        if (normalized is null)
        {
            return InvalidAddress(error!);
        }

        var removedFromSes = false;
        if (fromSes == true)
        {
            var (session, problem) = await tenantSes.OpenAsync(tenantId, response, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            try
            {
                await tenantSes.Ses.DeleteSuppressedDestinationAsync(session!, normalized, cancellationToken);
                removedFromSes = true;
            }
            catch (SesException e) when (e.Kind == SesErrorKind.NotFound)
            {
            }
            catch (SesException e)
            {
                return AwsFailureProblems.From(e, response, "DeleteSuppressedDestination", "ses:DeleteSuppressedDestination");
            }
        }

        var removed = await list.RemoveAsync(tenantId, normalized, cancellationToken);
        return removed || removedFromSes
            ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status404NotFound, "Not suppressed", $"'{normalized}' is not on the tenant's suppression list" +
                (fromSes == true ? " nor on the SES account-level list." : "."));
    }

    internal static IResult Export(
        HttpContext http, CallerTenant caller, ISuppressionStore store)
    {
        var tenantId = caller.TenantId;
        return TypedResults.Stream(async output =>
        {
            var cancellationToken = http.RequestAborted;
            var text = new StringBuilder(SuppressionCsv.Header).Append("\r\n");
            string? cursor = null;
            do
            {
                var page = await store.ListAsync(tenantId, new SuppressionQuery(Limit: MaxLimit, Cursor: cursor), cancellationToken);
                foreach (var entry in page.Items)
                {
                    SuppressionCsv.WriteRow(text, entry);
                }

                await output.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
                text.Clear();
                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }, "text/csv; charset=utf-8", "suppression-list.csv");
    }

    internal static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest http, CallerTenant caller, SuppressionCsvImport import, IOptions<QueryOptions> options, CancellationToken cancellationToken)
    {
        if (http.ContentType is null || !http.ContentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the list as CSV with 'Content-Type: text/csv', header line first: {SuppressionCsv.Header}.");
        }

        var maxBytes = options.Value.MaxImportBytes;
        var body = await RequestBody.ReadAsync(http, maxBytes, cancellationToken);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "File too large", $"The CSV is larger than {maxBytes} bytes; split it into several imports.");
        }

        return await import.ImportAsync(caller.TenantId, body, cancellationToken);
    }

    internal static async Task<Results<Ok<SyncResponse>, ValidationProblem, ProblemHttpResult>> SyncAsync(
        HttpRequest http,
        CallerTenant caller,
        TenantSesAccess tenantSes,
        SuppressionSync sync,
        CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var (request, problem) = await JsonBody.ReadAsync(http, QueryApiJsonContext.Default.SyncRequest, "{\"direction\":\"both\"}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var direction = request!.Direction?.Trim().ToLowerInvariant();
        if (direction is not ("pull" or "push" or "both"))
        {
            return ValidationErrors.Problem("direction",
                "direction is pull (add SES's account-level entries here), push (put our BOUNCE and COMPLAINT entries into SES) or both.",
                "The sync request is not valid");
        }

        var (session, sessionProblem) = await tenantSes.OpenAsync(tenantId, http.HttpContext.Response, cancellationToken);
        if (sessionProblem is not null)
        {
            return sessionProblem;
        }

        try
        {
            return TypedResults.Ok(await sync.RunAsync(tenantId, session!, direction, direction != "push", direction != "pull", cancellationToken));
        }
        catch (SesException e)
        {
            return AwsFailureProblems.From(e, http.HttpContext.Response, "ListSuppressedDestinations/PutSuppressedDestination", "ses:ListSuppressedDestinations and ses:PutSuppressedDestination");
        }
    }

    private static ValidationProblem InvalidAddress(string error) =>
        ValidationErrors.Problem("email", error, "The address is not valid");

    private static ValidationProblem InvalidCursor() =>
        ValidationErrors.Problem("cursor", "The cursor is not valid for this listing: it was altered, or was issued for other filters or another tenant. " +
                    "List again without a cursor, then pass each nextCursor with the same filters.", "The suppression list query is not valid");
}
