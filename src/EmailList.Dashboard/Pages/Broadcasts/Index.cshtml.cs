using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Broadcasts;

/// <summary>Broadcasts: the tenant's broadcasts with their status and progress (GET /broadcasts on the send API).</summary>
public sealed class IndexModel(SendApiClient api) : PageModel
{
    public BroadcastPageView? Broadcasts { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public async Task OnGetAsync(string? cursor, CancellationToken cancellationToken)
    {
        var result = await api.ListBroadcastsAsync(cursor, cancellationToken);
        Broadcasts = result.Value;
        Problem = result.Problem;
    }
}
