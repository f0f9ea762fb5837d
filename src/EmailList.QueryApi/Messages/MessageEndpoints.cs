using EmailList.Core.Events;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Messages;

public static class MessageEndpoints
{
    /// <summary>A message with more events (opens and clicks of a big list) shows its first ones; GET /events?messageId= pages through all.</summary>
    public const int MaxTimelineEvents = 1000;

    public static IEndpointRouteBuilder MapMessageEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/messages").WithTags("Messages").RequireAuthorization(Policies.EventsRead)
            .MapGet("/{messageId}", GetAsync)
            .WithName("GetMessage")
            .WithSummary("A message's current state and its timeline of events, oldest first.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> GetAsync(
        string messageId, CallerTenant caller, IEventStore store, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var summary = messageId.Length > 256 ? null : await store.GetMessageAsync(tenantId, messageId, cancellationToken);
        if (summary is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Message not found",
                $"The tenant has no events for message '{TimeWindowParser.Shorten(messageId)}'. Use the messageId returned by POST /mail; " +
                "events arrive seconds after sending, and expire after the tenant's retention.");
        }

        var events = await store.GetMessageEventsAsync(tenantId, messageId, MaxTimelineEvents, cancellationToken);
        return TypedResults.Ok(MessageResponse.Create(summary, events, truncated: summary.EventCount > events.Count));
    }
}
