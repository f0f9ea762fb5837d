using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Webhooks;

/// <summary>A page of a webhook's delivery log and the URL of the next, as <see cref="Emails.EventRows"/>.</summary>
public sealed record DeliveryRows(string WebhookId, WebhookDeliveryPageView? Page, ApiProblem? Problem)
{
    public string? MoreUrl => Page?.NextCursor is { } cursor
        ? $"/webhooks/{Uri.EscapeDataString(WebhookId)}?handler=More&cursor={Uri.EscapeDataString(cursor)}"
        : null;
}
