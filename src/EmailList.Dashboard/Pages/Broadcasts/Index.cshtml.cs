using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Broadcasts;

/// <summary>Broadcasts: the tenant's broadcasts with their status and progress (GET /broadcasts on the send API), and a form that composes a draft.</summary>
public sealed class IndexModel(SendApiClient api) : PageModel
{
    [TempData]
    public string? Status { get; set; }

    [BindProperty]
    public BroadcastForm Form { get; set; } = new();

    public BroadcastPageView? Broadcasts { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public ApiProblem? CreateProblem { get; private set; }

    /// <summary>The lists a draft can go to, and the templates it can use (their first pages), for the form's choices.</summary>
    public ListPageView? Lists { get; private set; }

    public TemplatePageView? Templates { get; private set; }

    public Task OnGetAsync(string? cursor, CancellationToken cancellationToken) => LoadAsync(cursor, cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var created = await api.CreateBroadcastAsync(Form.Draft(), cancellationToken);
        if (created.Value is { } broadcast)
        {
            Status = "Draft saved. Send yourself a test, then send it now or at a time.";
            return RedirectToPage("Detail", new { id = broadcast.Id });
        }

        CreateProblem = created.Problem;
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(string? cursor, CancellationToken cancellationToken)
    {
        var result = await api.ListBroadcastsAsync(cursor, cancellationToken);
        Broadcasts = result.Value;
        Problem = result.Problem;
        Lists = (await api.ListListsAsync(null, cancellationToken)).Value;
        Templates = (await api.ListTemplatesAsync(null, cancellationToken)).Value;
    }
}
