using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Broadcasts;

/// <summary>One broadcast: send, pause, resume or cancel it, and its progress, refreshed by htmx while it is moving.</summary>
public sealed class DetailModel(SendApiClient api) : PageModel
{
    public static readonly IReadOnlyList<string> Actions = ["send", "pause", "resume", "cancel"];

    public BroadcastView? Broadcast { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public ApiProblem? ActionProblem { get; private set; }

    public async Task OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var result = await api.GetBroadcastAsync(id, cancellationToken);
        Broadcast = result.Value;
        Problem = result.Problem;
        if (Problem?.Status == StatusCodes.Status404NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    /// <summary>The htmx fragment polled while the broadcast is scheduled or sending.</summary>
    public async Task<IActionResult> OnGetProgressAsync(string id, CancellationToken cancellationToken)
    {
        var result = await api.GetBroadcastAsync(id, cancellationToken);
        return Partial("_BroadcastProgress", new BroadcastProgress(result.Value, result.Problem));
    }

    public async Task<IActionResult> OnPostAsync(string id, string? action, CancellationToken cancellationToken)
    {
        if (action is null || !Actions.Contains(action))
        {
            return BadRequest();
        }

        var result = await api.ActOnBroadcastAsync(id, action, cancellationToken);
        ActionProblem = result.Problem;
        await OnGetAsync(id, cancellationToken);
        return Page();
    }
}
