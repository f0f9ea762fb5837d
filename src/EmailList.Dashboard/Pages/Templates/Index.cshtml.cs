using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Templates;

/// <summary>Templates: the tenant's stored templates, latest version each (GET /templates on the send API).</summary>
public sealed class IndexModel(SendApiClient api) : PageModel
{
    public TemplatePageView? Templates { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public async Task OnGetAsync(string? cursor, CancellationToken cancellationToken)
    {
        var result = await api.ListTemplatesAsync(cursor, cancellationToken);
        Templates = result.Value;
        Problem = result.Problem;
    }
}
