using EmailList.Core.Webhooks;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.QueryApi.Webhooks;

/// <summary>The answers about webhooks that more than one endpoint gives.</summary>
internal static class WebhookProblems
{
    public static ProblemHttpResult NotFound(string id) => Problems.Create(StatusCodes.Status404NotFound, "Webhook not found",
        $"The tenant has no webhook '{Shorten(id)}'; GET /webhooks lists them, POST /webhooks creates one.");

    public static ProblemHttpResult DeliveryNotFound(string id, string deliveryId) => Problems.Create(StatusCodes.Status404NotFound, "Delivery not found",
        $"The webhook '{Shorten(id)}' has no delivery '{Shorten(deliveryId)}'; GET /webhooks/{Shorten(id)}/deliveries lists them.");

    public static ProblemHttpResult Disabled(Webhook webhook, string what) => Problems.Create(StatusCodes.Status409Conflict, "Webhook disabled",
        (webhook.DisabledReason switch
        {
            WebhookDisabledReason.Gone => $"The webhook '{webhook.Id}' was disabled because its endpoint answered 410 Gone.",
            WebhookDisabledReason.Failing => $"The webhook '{webhook.Id}' was disabled because its deliveries failed for {WebhookLimits.FailingDisablesAfter.TotalDays:0} days.",
            _ => $"The webhook '{webhook.Id}' is disabled.",
        }) + $" Enable it (PATCH /webhooks/{webhook.Id} with {{\"enabled\":true}}) to {what}.");

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
