using System.Globalization;
using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Broadcasts;

/// <summary>
/// One broadcast: a draft is tested (sent to one address) and sent now or at a time; any is paused, resumed or cancelled
/// as its state allows, and its progress is refreshed by htmx while it is moving.
/// </summary>
public sealed class DetailModel(SendApiClient api) : PageModel
{
    public static readonly IReadOnlyList<string> Actions = ["send", "pause", "resume", "cancel"];

    [TempData]
    public string? Status { get; set; }

    /// <summary>The test send's address.</summary>
    [BindProperty]
    public string? To { get; set; }

    /// <summary>When to send, as a datetime-local input gives it (a UTC time without an offset).</summary>
    [BindProperty]
    public string? At { get; set; }

    public BroadcastView? Broadcast { get; private set; }

    public ApiProblem? TestProblem { get; private set; }

    public ApiProblem? ScheduleProblem { get; private set; }

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

    public async Task<IActionResult> OnPostTestAsync(string id, CancellationToken cancellationToken)
    {
        var tested = await api.TestBroadcastAsync(id, To?.Trim() ?? "", cancellationToken);
        if (tested.Value is { } result)
        {
            Status = string.Join(" ", result.Sent.Select(s => s.Suppressed
                ? $"{s.To} is suppressed: no test was sent to it."
                : $"Test sent to {s.To}."));
            return RedirectToPage(new { id });
        }

        TestProblem = tested.Problem;
        await OnGetAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostScheduleAsync(string id, CancellationToken cancellationToken)
    {
        var scheduled = await api.ScheduleBroadcastAsync(id, AsUtc(At), cancellationToken);
        if (scheduled.Value is { ScheduledAt: { } at })
        {
            Status = $"Scheduled for {Formats.Time(at)}.";
            return RedirectToPage(new { id });
        }

        ScheduleProblem = scheduled.Problem;
        await OnGetAsync(id, cancellationToken);
        return Page();
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

    /// <summary>The input's "2026-12-24T09:00" as "2026-12-24T09:00:00Z"; anything else as typed, for the API to explain.</summary>
    private static string AsUtc(string? at) =>
        DateTime.TryParseExact(at?.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? local.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : at?.Trim() ?? "";
}
