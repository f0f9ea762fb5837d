using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EmailList.Core.Broadcasts;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.SendApi.Lists;
using EmailList.ServiceDefaults.Auth;
using EmailList.ServiceDefaults.Http;
using EmailList.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Broadcasts;

public static class BroadcastEndpoints
{
    public const int DefaultLimit = ListLimits.DefaultPageSize;

    // A broadcast's content is a template's at most, written as JSON, with room for the other fields.
    private const int MaxBodyBytes = 2 * Core.Templates.TemplateLimits.MaxContentBytes + 64 * 1024;

    public static IEndpointRouteBuilder MapBroadcastEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/broadcasts").WithTags("Broadcasts").RequireAuthorization(Policies.BroadcastsWrite).DisableAntiforgery();
        group.MapPost("", CreateAsync).WithName("CreateBroadcast")
            .WithSummary("Create a draft broadcast to a list (optionally a segment of it): subject with html/text, or a stored template.")
            .AcceptsJsonOnly<CreateBroadcastRequest>()
            .Produces<BroadcastResponse>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", ListAsync).WithName("ListBroadcasts")
            .WithSummary("The tenant's broadcasts by id, with their status and progress; paginated by cursor.")
            .WithQueryParameters(
                new("limit", $"Broadcasts per page, 1-{BroadcastRange.MaxPageSize} (default {DefaultLimit})."),
                new("cursor", "The cursor of the previous page, as given."));
        group.MapGet("/{id}", GetAsync).WithName("GetBroadcast")
            .WithSummary("A broadcast: its status, pause reason and progress (queued, sent, skipped, failed, rate, eta).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateBroadcast")
            .WithSummary("Change a draft; any other state is a 409 naming it.")
            .AcceptsJsonOnly<UpdateBroadcastRequest>()
            .Produces<BroadcastResponse>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteBroadcast")
            .WithSummary("Delete a draft; any other state is a 409 naming it (cancel it instead).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{id}/preview", PreviewAsync).WithName("PreviewBroadcast")
            .WithSummary("Render the broadcast as {\"contactId\": ...} would get it, or with {\"data\": {...}} as sample attributes; nothing is sent.")
            .AcceptsJsonOnly<PreviewBroadcastRequest>()
            .Produces<BroadcastPreviewResponse>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{id}/test", TestAsync).WithName("TestBroadcast")
            .WithSummary($"Send the broadcast now to up to {BroadcastCatalog.MaxTestRecipients} addresses, marked [Test]; its subscribers get nothing.")
            .AcceptsJsonOnly<TestBroadcastRequest>()
            .Produces<BroadcastTestResponse>()
            .ProducesProblems([StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable, .. AwsFailureProblems.Statuses]);
        group.MapPost("/{id}/send", SendAsync).WithName("SendBroadcast")
            .WithSummary("Send a draft now, or at {\"scheduledAt\": ...} (ISO-8601 with an offset, at most 30 days ahead); its template version is pinned now.")
            .Accepts<SendBroadcastRequest>("application/json")
            .Produces<BroadcastResponse>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{id}/pause", PauseAsync).WithName("PauseBroadcast")
            .WithSummary("Hold a scheduled or sending broadcast; mail already queued waits. {\"reason\": ...} is optional.")
            .Accepts<PauseBroadcastRequest>("application/json")
            .Produces<BroadcastResponse>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{id}/resume", ResumeAsync).WithName("ResumeBroadcast")
            .WithSummary("Go on with a paused broadcast. One the reputation guard paused answers 409 naming its bounce or complaint rate unless the body is {\"acknowledgeGuard\": true}; the guard then judges only what is sent after the resume.")
            .Accepts<ResumeBroadcastRequest>("application/json")
            .Produces<BroadcastResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{id}/cancel", CancelAsync).WithName("CancelBroadcast")
            .WithSummary("Stop a scheduled, sending or paused broadcast for good; mail still queued is skipped.")
            .Produces<BroadcastResponse>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return routes;
    }

    internal static async Task<IResult> CreateAsync(HttpRequest http, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, BroadcastJsonContext.Default.CreateBroadcastRequest, required: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (created, invalid) = await catalog.CreateAsync(caller.TenantId, request!, cancellationToken);
        return invalid ?? TypedResults.Created($"/broadcasts/{created!.Id}", BroadcastResponse.Of(created));
    }

    internal static async Task<Results<Ok<BroadcastListResponse>, ValidationProblem>> ListAsync(
        HttpRequest http, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, cursor) = PageQuery.Read(http, errors);
        if (errors.Any)
        {
            return errors.ToProblem("The broadcast listing query is not valid");
        }

        try
        {
            var page = await catalog.Store.ListAsync(caller.TenantId, new BroadcastQuery(limit, cursor), cancellationToken);
            return TypedResults.Ok(new BroadcastListResponse(page.Items.Select(BroadcastResponse.Of).ToList(), page.NextCursor));
        }
        catch (ArgumentException e) when (cursor is not null)
        {
            return ValidationErrors.Problem("cursor", PageQuery.Describe(e), "The broadcast listing query is not valid");
        }
    }

    internal static async Task<Results<Ok<BroadcastResponse>, ProblemHttpResult>> GetAsync(
        string id, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken) =>
        IsId(id) && await catalog.Store.GetAsync(caller.TenantId, id, cancellationToken) is { } broadcast
            ? TypedResults.Ok(BroadcastResponse.Of(broadcast))
            : BroadcastProblems.NotFound(id);

    internal static async Task<IResult> UpdateAsync(string id, HttpRequest http, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, BroadcastJsonContext.Default.UpdateBroadcastRequest, required: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return IsId(id) ? Answer(await catalog.UpdateAsync(caller.TenantId, id, request!, cancellationToken)) : BroadcastProblems.NotFound(id);
    }

    internal static async Task<IResult> DeleteAsync(string id, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken) =>
        !IsId(id) ? BroadcastProblems.NotFound(id) : await catalog.DeleteAsync(caller.TenantId, id, cancellationToken) ?? TypedResults.NoContent();

    internal static async Task<IResult> PreviewAsync(string id, HttpRequest http, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, BroadcastJsonContext.Default.PreviewBroadcastRequest, required: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!IsId(id))
        {
            return BroadcastProblems.NotFound(id);
        }

        var (preview, failed) = await catalog.PreviewAsync(caller.TenantId, id, request ?? new PreviewBroadcastRequest(null, null), cancellationToken);
        return failed ?? TypedResults.Ok(preview);
    }

    internal static async Task<IResult> TestAsync(string id, HttpRequest http, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, BroadcastJsonContext.Default.TestBroadcastRequest, required: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!IsId(id))
        {
            return BroadcastProblems.NotFound(id);
        }

        var (result, failed) = await catalog.TestAsync(caller.TenantId, id, request!, http.HttpContext.Response, cancellationToken);
        return failed ?? TypedResults.Ok(result);
    }

    internal static async Task<IResult> SendAsync(string id, HttpRequest http, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, BroadcastJsonContext.Default.SendBroadcastRequest, required: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return IsId(id)
            ? Answer(await catalog.SendAsync(caller.TenantId, id, request ?? new SendBroadcastRequest(null), cancellationToken))
            : BroadcastProblems.NotFound(id);
    }

    internal static async Task<IResult> PauseAsync(string id, HttpRequest http, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, BroadcastJsonContext.Default.PauseBroadcastRequest, required: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return IsId(id)
            ? Answer(await catalog.PauseAsync(caller.TenantId, id, request ?? new PauseBroadcastRequest(null), cancellationToken))
            : BroadcastProblems.NotFound(id);
    }

    internal static async Task<IResult> ResumeAsync(string id, HttpRequest http, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, BroadcastJsonContext.Default.ResumeBroadcastRequest, required: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return IsId(id)
            ? Answer(await catalog.ResumeAsync(caller.TenantId, id, request?.AcknowledgeGuard == true, cancellationToken))
            : BroadcastProblems.NotFound(id);
    }

    internal static async Task<IResult> CancelAsync(string id, CallerTenant caller, BroadcastCatalog catalog, CancellationToken cancellationToken) =>
        IsId(id) ? Answer(await catalog.CancelAsync(caller.TenantId, id, cancellationToken)) : BroadcastProblems.NotFound(id);

    private static IResult Answer((Broadcast? Broadcast, IResult? Problem) outcome) =>
        outcome.Problem ?? TypedResults.Ok(BroadcastResponse.Of(outcome.Broadcast!));

    private static bool IsId(string id) => RandomId.IsWellFormed(ListIds.Broadcast, id);

    /// <param name="required">False: an empty body reads as null (the action's defaults).</param>
    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest http, JsonTypeInfo<T> typeInfo, bool required, CancellationToken cancellationToken)
        where T : class
    {
        var body = await RequestBody.ReadAsync(http, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return (null, Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body is larger than {MaxBodyBytes} bytes."));
        }

        if (body.Length == 0 && !required)
        {
            return (null, null);
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
