using EmailList.Core.Webhooks;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Auth;
using EmailList.ServiceDefaults.Http;
using EmailList.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.QueryApi.Webhooks;

/// <summary>
/// /webhooks: a tenant's endpoints for its events (Standard Webhooks, signed), their secrets, their delivery logs,
/// retries and test events. Every call needs <c>webhooks:write</c>; the tenant comes from the token.
/// </summary>
public static class WebhookEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    private static readonly IReadOnlyList<string> DeliveryListParameters = ["status", "limit", "cursor"];

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.WebhooksWrite);
        group.MapPost("", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Create a webhook: {\"url\", \"eventTypes\", \"description\"?, \"enabled\"?}; the answer carries its signing secret, shown only here.")
            .AcceptsJsonOnly<CreateWebhookRequest>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        group.MapGet("", ListAsync).WithName("ListWebhooks")
            .WithSummary("The tenant's webhooks, oldest first (never their secrets).");
        group.MapGet("/{id}", GetAsync).WithName("GetWebhook")
            .WithSummary("One webhook, and whether the platform disabled it and why.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateWebhook")
            .WithSummary("Change url, eventTypes, description or enabled; enabling a webhook the platform disabled starts it afresh.")
            .AcceptsJsonOnly<UpdateWebhookRequest>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhook")
            .WithSummary("Delete a webhook; its pending deliveries are given up.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/rotate-secret", RotateSecretAsync).WithName("RotateWebhookSecret")
            .WithSummary($"A new signing secret, shown only in this answer; the old one keeps signing (a second signature) for {WebhookLimits.PreviousSecretGrace.TotalHours:0} hours.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{id}/test", TestAsync).WithName("TestWebhook")
            .WithSummary("Queue a webhook.test event to the endpoint; 202 with the delivery, to watch in the delivery log.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/{id}/deliveries", ListDeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("The webhook's delivery log, newest first: status, attempts, last response code, error and timing; paginated by cursor.")
            .WithQueryParameters(
                new("status", "Only deliveries in this status: pending, succeeded or failed."),
                new("limit", $"Deliveries per page, 1-{MaxLimit} (default {DefaultLimit})."),
                new("cursor", "The cursor of the previous page, as given."))
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/{id}/deliveries/{deliveryId}", GetDeliveryAsync).WithName("GetWebhookDelivery")
            .WithSummary("One delivery, with the exact payload POSTed.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/deliveries/{deliveryId}/retry", RetryDeliveryAsync).WithName("RetryWebhookDelivery")
            .WithSummary("Deliver again now, whatever its status; the same webhook-id, so the receiver can tell it is the same event.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return routes;
    }

    internal static async Task<Results<Created<WebhookResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest http, CallerTenant caller, WebhookCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync(http, QueryApiJsonContext.Default.CreateWebhookRequest,
            "{\"url\":\"https://example.com/webhooks/emaillist\",\"eventTypes\":[\"email.delivered\",\"email.bounced\"]}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await catalog.CreateAsync(caller.TenantId, request!, cancellationToken);
    }

    internal static async Task<Ok<WebhookListResponse>> ListAsync(
        CallerTenant caller, IWebhookStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var webhooks = await store.ListAsync(caller.TenantId, cancellationToken);
        return TypedResults.Ok(new WebhookListResponse(webhooks.Select(w => WebhookResponse.From(w, now)).ToList()));
    }

    internal static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetAsync(
        string id, CallerTenant caller, IWebhookStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var webhook = await FindAsync(store, caller.TenantId, id, cancellationToken);
        return webhook is null ? WebhookProblems.NotFound(id) : TypedResults.Ok(WebhookResponse.From(webhook, time.GetUtcNow()));
    }

    internal static async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, HttpRequest http, CallerTenant caller, WebhookCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync(http, QueryApiJsonContext.Default.UpdateWebhookRequest,
            "{\"enabled\":true}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return IsWebhookId(id) ? await catalog.UpdateAsync(caller.TenantId, id, request!, cancellationToken) : WebhookProblems.NotFound(id);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, CallerTenant caller, WebhookCatalog catalog, CancellationToken cancellationToken) =>
        IsWebhookId(id) && await catalog.DeleteAsync(caller.TenantId, id, cancellationToken) ? TypedResults.NoContent() : WebhookProblems.NotFound(id);

    internal static async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> RotateSecretAsync(
        string id, CallerTenant caller, WebhookCatalog catalog, CancellationToken cancellationToken) =>
        IsWebhookId(id) ? await catalog.RotateSecretAsync(caller.TenantId, id, cancellationToken) : WebhookProblems.NotFound(id);

    internal static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> TestAsync(
        string id, CallerTenant caller, WebhookCatalog catalog, CancellationToken cancellationToken) =>
        IsWebhookId(id) ? await catalog.TestAsync(caller.TenantId, id, cancellationToken) : WebhookProblems.NotFound(id);

    internal static async Task<Results<Ok<WebhookDeliveryListResponse>, ValidationProblem, ProblemHttpResult>> ListDeliveriesAsync(
        string id, HttpRequest http, CallerTenant caller, IWebhookStore store, IWebhookDeliveryStore deliveries, CursorSigner cursors,
        CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var errors = new ValidationErrors();
        QueryParameters.RejectUnknown(http.Query, DeliveryListParameters, errors);
        WebhookDeliveryStatus? status = null;
        if (QueryParameters.Single(http.Query, "status", errors) is { } statusText)
        {
            status = statusText.ToLowerInvariant() switch
            {
                "pending" => WebhookDeliveryStatus.Pending,
                "succeeded" => WebhookDeliveryStatus.Succeeded,
                "failed" => WebhookDeliveryStatus.Failed,
                _ => null,
            };
            if (status is null)
            {
                errors.Add("status", $"'{TimeWindowParser.Shorten(statusText)}' is not a delivery status; use pending, succeeded or failed.");
            }
        }

        var limit = QueryParameters.Limit(http.Query, errors, DefaultLimit, MaxLimit);
        var cursor = QueryParameters.Single(http.Query, "cursor", errors);
        if (errors.Any)
        {
            return errors.ToProblem("The delivery log query is not valid");
        }

        if (await FindAsync(store, tenantId, id, cancellationToken) is null)
        {
            return WebhookProblems.NotFound(id);
        }

        var fingerprint = $"webhook-deliveries\n{id}\n{status}";
        string? storeCursor = null;
        if (cursor is not null && (storeCursor = cursors.Open(tenantId, fingerprint, cursor)) is null)
        {
            return InvalidCursor();
        }

        WebhookDeliveryPage page;
        try
        {
            page = await deliveries.ListAsync(tenantId, new WebhookDeliveryQuery(id, limit, storeCursor, status), cancellationToken);
        }
        catch (ArgumentException) when (storeCursor is not null)
        {
            return InvalidCursor();
        }

        var next = page.NextCursor is null ? null : cursors.Sign(tenantId, fingerprint, page.NextCursor);
        return TypedResults.Ok(new WebhookDeliveryListResponse(page.Items.Select(d => WebhookDeliveryResponse.From(d)).ToList(), next));
    }

    internal static async Task<Results<Ok<WebhookDeliveryResponse>, ProblemHttpResult>> GetDeliveryAsync(
        string id, string deliveryId, CallerTenant caller, IWebhookDeliveryStore deliveries, CancellationToken cancellationToken)
    {
        var delivery = IsWebhookId(id) ? await deliveries.GetAsync(caller.TenantId, deliveryId, cancellationToken) : null;
        return delivery is null || delivery.WebhookId != id
            ? WebhookProblems.DeliveryNotFound(id, deliveryId)
            : TypedResults.Ok(WebhookDeliveryResponse.From(delivery, withPayload: true));
    }

    internal static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> RetryDeliveryAsync(
        string id, string deliveryId, CallerTenant caller, WebhookCatalog catalog, CancellationToken cancellationToken) =>
        IsWebhookId(id) ? await catalog.RetryAsync(caller.TenantId, id, deliveryId, cancellationToken) : WebhookProblems.NotFound(id);

    private static bool IsWebhookId(string id) => id.Length <= 64 && id.StartsWith("wh_", StringComparison.Ordinal);

    private static Task<Webhook?> FindAsync(IWebhookStore store, string tenantId, string id, CancellationToken cancellationToken) =>
        IsWebhookId(id) ? store.GetAsync(tenantId, id, cancellationToken) : Task.FromResult<Webhook?>(null);

    private static ValidationProblem InvalidCursor() =>
        ValidationErrors.Problem("cursor", "The cursor is not valid for this listing: it was altered, or was issued for another webhook, status or tenant. " +
            "List again without a cursor, then pass each nextCursor with the same filters.", "The delivery log query is not valid");
}
