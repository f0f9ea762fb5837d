using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Lists;

/// <summary>Lists: the tenant's mailing lists (GET /lists on the send API), read-only.</summary>
public sealed class IndexModel(SendApiClient api) : PageModel
{
    public ListPageView? Lists { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public async Task OnGetAsync(string? cursor, CancellationToken cancellationToken)
    {
        var result = await api.ListListsAsync(cursor, cancellationToken);
        Lists = result.Value;
        Problem = result.Problem;
    }
}
