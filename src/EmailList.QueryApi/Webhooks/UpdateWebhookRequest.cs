namespace EmailList.QueryApi.Webhooks;

/// <summary>PATCH /webhooks/{id}: only the fields given change; enabled=true on a webhook the platform disabled re-enables it.</summary>
/// <param name="Description">A new description; "" removes it.</param>
internal sealed record UpdateWebhookRequest(string? Url = null, IReadOnlyList<string>? EventTypes = null, string? Description = null, bool? Enabled = null);
