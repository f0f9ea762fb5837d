using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Lists;

/// <summary>Lists: the tenant's mailing lists (GET /lists on the send API), and a form that creates one.</summary>
public sealed class IndexModel(SendApiClient api) : PageModel
{
    [TempData]
    public string? Status { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? ReplyTo { get; set; }

    /// <summary>On unless the box is cleared (the form posts a hidden "false" after the checkbox).</summary>
    [BindProperty]
    public bool DoubleOptIn { get; set; } = true;

    public ListPageView? Lists { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public ApiProblem? CreateProblem { get; private set; }

    public Task OnGetAsync(string? cursor, CancellationToken cancellationToken) => LoadAsync(cursor, cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var created = await api.CreateListAsync(Name?.Trim() ?? "", From?.Trim() ?? "", string.IsNullOrWhiteSpace(ReplyTo) ? null : ReplyTo.Trim(), DoubleOptIn, cancellationToken);
        if (created.Value is { } list)
        {
            Status = $"The list {list.Name} is created. Share its sign-up URL, or add contacts below.";
            return RedirectToPage("Detail", new { id = list.Id });
        }

        CreateProblem = created.Problem;
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(string? cursor, CancellationToken cancellationToken)
    {
        var result = await api.ListListsAsync(cursor, cancellationToken);
        Lists = result.Value;
        Problem = result.Problem;
    }
}
