namespace EmailList.QueryApi.Webhooks;

/// <param name="Url">Absolute https URL the events are POSTed to.</param>
/// <param name="EventTypes">The event types to receive, e.g. ["email.delivered","email.bounced"].</param>
internal sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description = null, bool? Enabled = null);
