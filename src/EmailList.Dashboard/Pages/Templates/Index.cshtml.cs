using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Templates;

/// <summary>Templates: the tenant's stored templates, latest version each (GET /templates on the send API), and a form that creates one.</summary>
public sealed class IndexModel(SendApiClient api) : PageModel
{
    [TempData]
    public string? Status { get; set; }

    [BindProperty]
    public TemplateForm Form { get; set; } = new();

    public TemplatePageView? Templates { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public ApiProblem? CreateProblem { get; private set; }

    public Task OnGetAsync(string? cursor, CancellationToken cancellationToken) => LoadAsync(cursor, cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var name = Form.Name?.Trim() ?? "";
        var created = await api.CreateTemplateAsync(name, Form.Parts(), cancellationToken);
        if (created.Value is { } template)
        {
            Status = $"Template {template.Name} created as version {template.Version}.";
            return RedirectToPage("Detail", new { name = template.Name });
        }

        CreateProblem = created.Problem;
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(string? cursor, CancellationToken cancellationToken)
    {
        var result = await api.ListTemplatesAsync(cursor, cancellationToken);
        Templates = result.Value;
        Problem = result.Problem;
    }
}
