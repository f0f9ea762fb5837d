using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Templates;

/// <summary>One template's latest version, its source shown as text (never rendered into the page).</summary>
public sealed class DetailModel(SendApiClient api) : PageModel
{
    public TemplateView? Template { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public async Task OnGetAsync(string name, CancellationToken cancellationToken)
    {
        var result = await api.GetTemplateAsync(name, cancellationToken);
        Template = result.Value;
        Problem = result.Problem;
        if (Problem?.Status == StatusCodes.Status404NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
