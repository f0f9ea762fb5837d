using EmailList.Core.Broadcasts;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Broadcasts;

internal static class BroadcastProblems
{
    public static ProblemHttpResult NotFound(string id) =>
        Problems.Create(StatusCodes.Status404NotFound, "No such broadcast",
            $"This tenant has no broadcast with id '{(id.Length > 40 ? id[..40] + "…" : id)}'; use the id (bc_ and 26 characters) POST /broadcasts answered with.");

    /// <summary>409 naming the state the broadcast is in and what the action needs.</summary>
    public static ProblemHttpResult WrongState(Broadcast broadcast, string action, string needs) =>
        Problems.Create(StatusCodes.Status409Conflict, "Wrong broadcast state",
            $"The broadcast {broadcast.Id} is {BroadcastResponse.StatusName(broadcast.Status)}, so it cannot be {action}; {needs}",
            new Dictionary<string, object?> { ["status"] = BroadcastResponse.StatusName(broadcast.Status) });

    /// <summary>409 for resuming a broadcast the reputation guard paused without acknowledging the rates it named.</summary>
    public static ProblemHttpResult GuardNotAcknowledged(Broadcast broadcast) =>
        Problems.Create(StatusCodes.Status409Conflict, "Paused by the reputation guard",
            $"{broadcast.PauseReason} To resume anyway, POST /broadcasts/{broadcast.Id}/resume with {{\"acknowledgeGuard\": true}}: the guard then judges this broadcast only by what is sent after the resume.",
            new Dictionary<string, object?> { ["status"] = BroadcastResponse.StatusName(broadcast.Status), ["pauseReason"] = broadcast.PauseReason });

    public static ProblemHttpResult ListsNotConfigured() =>
        Problems.Create(StatusCodes.Status503ServiceUnavailable, "Lists are not configured",
            "This installation has no Lists:PublicBaseUrl and Lists:TokenKey, which the unsubscribe links in every broadcast need; ask its operator to set them.");
}
