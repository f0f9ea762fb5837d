using System.Globalization;
using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Lists;

/// <summary>One list: its settings and its contacts (GET /contacts?list=), filtered by status and address, loaded a page at a time.</summary>
public sealed class DetailModel(SendApiClient api) : PageModel
{
    public const int PageSize = 50;
    public const int MaxPageSize = 100;

    public static readonly IReadOnlyList<string> Statuses = ["subscribed", "pending", "unsubscribed"];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    /// <summary>Contacts per page, 1-100; 50 when absent.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Limit { get; set; }

    public ListView? List { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public ContactRows? Contacts { get; private set; }

    public async Task OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var result = await api.GetListAsync(id, cancellationToken);
        List = result.Value;
        Problem = result.Problem;
        if (Problem?.Status == StatusCodes.Status404NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (List is not null)
        {
            Contacts = await LoadAsync(id, null, cancellationToken);
        }
    }

    public async Task<IActionResult> OnGetMoreAsync(string id, string? cursor, CancellationToken cancellationToken) =>
        Partial("_ContactRows", await LoadAsync(id, cursor, cancellationToken));

    private async Task<ContactRows> LoadAsync(string id, string? cursor, CancellationToken cancellationToken)
    {
        var search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
        var status = string.IsNullOrEmpty(Status) ? null : Status;
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["list"] = id,
            ["status"] = status,
            ["q"] = search,
            ["limit"] = Math.Clamp(Limit ?? PageSize, 1, MaxPageSize).ToString(CultureInfo.InvariantCulture),
            ["cursor"] = cursor,
        }.Where(p => p.Value is not null));
        var page = await api.ListContactsAsync(query, cancellationToken);
        return new ContactRows(id, page.Value, page.Problem, status, search, Limit is null ? null : Math.Clamp(Limit.Value, 1, MaxPageSize));
    }
}
