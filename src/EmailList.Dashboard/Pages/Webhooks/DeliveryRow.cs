using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Webhooks;

/// <summary>One delivery in the log, or (after "Retry") why it could not be retried.</summary>
public sealed record DeliveryRow(string WebhookId, WebhookDeliveryView Delivery, ApiProblem? Problem = null);
