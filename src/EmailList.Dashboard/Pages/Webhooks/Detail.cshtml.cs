using System.Globalization;
using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Webhooks;

/// <summary>One webhook: enable or disable it, send a test, rotate its secret, delete it, and its delivery log with retries.</summary>
public sealed class DetailModel(QueryApiClient api) : PageModel
{
    public const int PageSize = 25;

    [TempData]
    public string? Status { get; set; }

    public WebhookView? Webhook { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public ApiProblem? ActionProblem { get; private set; }

    /// <summary>The webhook with its new secret, right after a rotation: rendered in this answer only.</summary>
    public WebhookView? Rotated { get; private set; }

    public DeliveryRows? Deliveries { get; private set; }

    public async Task OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var result = await api.GetWebhookAsync(id, cancellationToken);
        Webhook = result.Value;
        Problem = result.Problem;
        if (Problem?.Status == StatusCodes.Status404NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (Webhook is not null)
        {
            var page = await api.ListWebhookDeliveriesAsync(id, Query(null), cancellationToken);
            Deliveries = new DeliveryRows(id, page.Value, page.Problem);
        }
    }

    public async Task<IActionResult> OnGetMoreAsync(string id, string? cursor, CancellationToken cancellationToken)
    {
        var page = await api.ListWebhookDeliveriesAsync(id, Query(cursor), cancellationToken);
        return Partial("_DeliveryRows", new DeliveryRows(id, page.Value, page.Problem));
    }

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken cancellationToken) =>
        ActAsync(id, api.SetWebhookEnabledAsync(id, true, cancellationToken), "Enabled: events are sent to it again.", cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken cancellationToken) =>
        ActAsync(id, api.SetWebhookEnabledAsync(id, false, cancellationToken), "Disabled: no events are sent to it until you enable it.", cancellationToken);

    public Task<IActionResult> OnPostTestAsync(string id, CancellationToken cancellationToken) =>
        ActAsync(id, api.TestWebhookAsync(id, cancellationToken), "A webhook.test event is on its way; it shows in the delivery log below.", cancellationToken);

    public async Task<IActionResult> OnPostRotateAsync(string id, CancellationToken cancellationToken)
    {
        var rotated = await api.RotateWebhookSecretAsync(id, cancellationToken);
        ActionProblem = rotated.Problem;
        Rotated = rotated.Value;
        await OnGetAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await api.DeleteWebhookAsync(id, cancellationToken);
        if (!deleted.Succeeded)
        {
            ActionProblem = deleted.Problem;
            await OnGetAsync(id, cancellationToken);
            return Page();
        }

        Status = $"The webhook {id} is deleted.";
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostRetryAsync(string id, string? deliveryId, CancellationToken cancellationToken)
    {
        var retried = await api.RetryWebhookDeliveryAsync(id, deliveryId ?? "", cancellationToken);
        if (Request.Headers.ContainsKey("HX-Request") && retried.Value is { } delivery)
        {
            return Partial("_DeliveryRow", new DeliveryRow(id, delivery));
        }

        if (!retried.Succeeded)
        {
            ActionProblem = retried.Problem;
            await OnGetAsync(id, cancellationToken);
            return Page();
        }

        Status = "The delivery is queued again.";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> ActAsync<T>(string id, Task<ApiResult<T>> action, string done, CancellationToken cancellationToken)
    {
        var result = await action;
        if (!result.Succeeded)
        {
            ActionProblem = result.Problem;
            await OnGetAsync(id, cancellationToken);
            return Page();
        }

        Status = done;
        return RedirectToPage(new { id });
    }

    private static QueryString Query(string? cursor) => QueryString.Create(
        new Dictionary<string, string?> { ["limit"] = PageSize.ToString(CultureInfo.InvariantCulture), ["cursor"] = cursor }
            .Where(p => p.Value is not null));
}
