using System.Globalization;
using EmailList.Core.Events;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Events;

public static class EventEndpoints
{
    private const int MaxEventIdLength = 256;

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/events").WithTags("Events").RequireAuthorization(Policies.EventsRead);
        events.MapGet("", ListAsync)
            .WithName("ListEvents")
            .WithSummary("The tenant's SES events, newest first, filtered by time, type, recipient, message id, tag, template or broadcast; paginated by cursor.")
            .WithQueryParameters([.. TimeWindowParser.Documented,
                new("type", "Event types, comma-separated: Send, Delivery, Bounce, Complaint, Reject, Open, Click, RenderingFailure, DeliveryDelay, Subscription."),
                new("recipient", "Only events about this address."),
                new("messageId", "Only events of this SES message."),
                new("tag", "Only events whose message has this tag, as name:value."),
                .. MailTagFilterParser.Documented,
                new("limit", $"Events per page, 1-{EventFilterParser.MaxLimit} (default {EventFilterParser.DefaultLimit})."),
                new("cursor", "The cursor of the previous page, as given.")]);
        events.MapGet("/{id}", GetAsync)
            .WithName("GetEvent")
            .WithSummary("One event with the raw event JSON as EventBridge delivered it.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Ok<EventListResponse>, ValidationProblem>> ListAsync(
        HttpRequest http,
        CallerTenant caller,
        IEventStore store,
        CursorSigner cursors,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var errors = new ValidationErrors();
        var filter = EventFilterParser.Parse(http.Query, errors);
        if (errors.Any)
        {
            return errors.ToProblem("The event query is not valid");
        }

        var fingerprint = filter.Fingerprint;
        DateTimeOffset? from;
        DateTimeOffset? to;
        string? storeCursor = null;
        if (filter.Cursor is null)
        {
            from = filter.Window.ResolveFrom(time.GetUtcNow());
            to = filter.Window.To;
        }
        else if (!TryReadCursor(cursors.Open(tenantId, fingerprint, filter.Cursor), out from, out to, out storeCursor))
        {
            return InvalidCursor();
        }

        var query = new EventQuery(from, to, filter.Types, filter.Recipient, filter.MessageId, filter.TagName, filter.TagValue, filter.Limit, storeCursor,
            filter.RequiredTags.Count > 0 ? filter.RequiredTags : null);
        EventPage page;
        try
        {
            page = await store.QueryAsync(tenantId, query, cancellationToken);
        }
        catch (ArgumentException) when (storeCursor is not null)
        {
            return InvalidCursor();
        }

        var next = page.NextCursor is null ? null : cursors.Sign(tenantId, fingerprint, WriteCursor(from, to, page.NextCursor));
        return TypedResults.Ok(new EventListResponse(page.Items.Select(EventItem.Create).ToList(), next));
    }

    internal static async Task<Results<Ok<EventDetail>, ProblemHttpResult>> GetAsync(
        string id, CallerTenant caller, IEventStore store, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var sesEvent = id.Length > MaxEventIdLength ? null : await store.GetAsync(tenantId, id, cancellationToken);
        return sesEvent is null
            ? Problems.Create(StatusCodes.Status404NotFound, "Event not found",
                $"The tenant has no event with id '{TimeWindowParser.Shorten(id)}'; it may have passed the tenant's retention. Event ids come from GET /events.")
            : TypedResults.Ok(EventDetail.CreateWithRaw(sesEvent));
    }

    private static ValidationProblem InvalidCursor() =>
        ValidationErrors.Problem("cursor", "The cursor is not valid for this query: it was altered, or was issued for other filters or another tenant. " +
                    "Repeat the query without a cursor, then pass each nextCursor with the same filters.", "The event query is not valid");

    // The resolved bounds travel in the cursor, so a preset such as 24h keeps the window of the first page.
    private static string WriteCursor(DateTimeOffset? from, DateTimeOffset? to, string storeCursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{from?.UtcTicks}|{to?.UtcTicks}|{storeCursor}");

    private static bool TryReadCursor(string? payload, out DateTimeOffset? from, out DateTimeOffset? to, out string? storeCursor)
    {
        from = to = null;
        storeCursor = null;
        var parts = payload?.Split('|', 3);
        if (parts is not { Length: 3 } || parts[2].Length == 0
            || !TryReadTicks(parts[0], out from) || !TryReadTicks(parts[1], out to))
        {
            return false;
        }

        storeCursor = parts[2];
        return true;
    }

    private static bool TryReadTicks(string text, out DateTimeOffset? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
