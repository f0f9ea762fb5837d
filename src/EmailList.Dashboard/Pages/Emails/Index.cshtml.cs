using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Emails;

/// <summary>Emails: the tenant's SES events with every filter of GET /events, a page at a time ("load more").</summary>
public sealed class IndexModel(QueryApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public EventFilterForm Filter { get; set; } = new();

    public EventPageView? Events { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public FieldErrors ErrorsFor(string field) => FieldErrors.Of(Problem, field);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await api.ListEventsAsync(Filter.ToApiQuery(null), cancellationToken);
        Events = result.Value;
        Problem = result.Problem;
    }

    /// <summary>The htmx fragment behind "load more": the next rows and a new button (or the end).</summary>
    public async Task<IActionResult> OnGetMoreAsync(string? cursor, CancellationToken cancellationToken)
    {
        var result = await api.ListEventsAsync(Filter.ToApiQuery(cursor), cancellationToken);
        return Partial("_EventRows", new EventRows(result.Value, result.Problem, Filter));
    }
}
