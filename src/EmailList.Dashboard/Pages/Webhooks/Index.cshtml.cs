using EmailList.Core.Webhooks;
using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Webhooks;

/// <summary>Webhooks: the tenant's endpoints (GET /webhooks on the query API) and a form that creates one, showing its secret once.</summary>
public sealed class IndexModel(QueryApiClient api) : PageModel
{
    public static IReadOnlyList<string> EventTypes => WebhookEventTypes.All;

    [TempData]
    public string? Status { get; set; }

    [BindProperty(Name = "url")]
    public string? Endpoint { get; set; }

    [BindProperty]
    public List<string> Types { get; set; } = [];

    [BindProperty]
    public string? Description { get; set; }

    public WebhookListView? Webhooks { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public ApiProblem? CreateProblem { get; private set; }

    /// <summary>The webhook just created, with its secret: rendered in this answer only, never stored.</summary>
    public WebhookView? Created { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var created = await api.CreateWebhookAsync(Endpoint?.Trim() ?? "", Types, string.IsNullOrWhiteSpace(Description) ? null : Description, cancellationToken);
        Created = created.Value;
        CreateProblem = created.Problem;
        if (Created is not null)
        {
            Endpoint = null;
            Types = [];
            Description = null;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var result = await api.ListWebhooksAsync(cancellationToken);
        Webhooks = result.Value;
        Problem = result.Problem;
    }
}
