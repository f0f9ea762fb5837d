using System.Text;
using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Suppression;

/// <summary>Suppression list: counts by reason, search, add, remove, CSV import and export, sync with SES.</summary>
public sealed class IndexModel(QueryApiClient api) : PageModel
{
    public const int PageSize = 50;
    public const int MaxImportBytes = 5 * 1024 * 1024;

    [BindProperty(SupportsGet = true)]
    public string? Prefix { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string AddReason { get; set; } = "MANUAL";

    [BindProperty]
    public string Direction { get; set; } = "both";

    [TempData]
    public string? Status { get; set; }

    public SuppressionCounts? Counts { get; private set; }

    public SuppressionRows? Rows { get; private set; }

    /// <summary>The problem of the list itself (the search), shown beside the search form.</summary>
    public ApiProblem? ListProblem { get; private set; }

    public ApiProblem? AddProblem { get; private set; }

    public ApiProblem? ImportProblem { get; private set; }

    public ImportResultView? Imported { get; private set; }

    public ApiProblem? SyncProblem { get; private set; }

    public SyncResultView? Synced { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetMoreAsync(string? cursor, CancellationToken cancellationToken)
    {
        var page = await api.ListSuppressedAsync(ListQuery(cursor), cancellationToken);
        return Partial("_SuppressionRows", new SuppressionRows(page.Value, page.Problem, Prefix, Reason));
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var email = Email?.Trim() ?? "";
        var added = await api.SuppressAsync(email, AddReason, cancellationToken);
        if (!added.Succeeded)
        {
            AddProblem = added.Problem;
            await LoadAsync(cancellationToken);
            return Page();
        }

        Status = $"{added.Value!.Email} is suppressed ({added.Value.Reason}): mail to it is dropped.";
        return RedirectToPage(new { prefix = added.Value.Email });
    }

    public async Task<IActionResult> OnPostRemoveAsync(bool fromSes, CancellationToken cancellationToken)
    {
        var email = Email ?? "";
        var removed = await api.UnsuppressAsync(email, fromSes, cancellationToken);
        if (Request.Headers.ContainsKey("HX-Request"))
        {
            return Partial("_RemovedRow", new RemovedRow(email, removed.Problem));
        }

        if (!removed.Succeeded)
        {
            ListProblem = removed.Problem;
            await LoadAsync(cancellationToken);
            return Page();
        }

        Status = $"{email} is no longer suppressed.";
        return RedirectToPage(new { prefix = Prefix, reason = Reason });
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? csv, CancellationToken cancellationToken)
    {
        if (csv is null || csv.Length == 0)
        {
            ImportProblem = new ApiProblem(StatusCodes.Status400BadRequest, "Choose a CSV file",
                "Pick a .csv file whose first line is the header email,reason (source and createdAt are optional).", new Dictionary<string, string[]>());
        }
        else if (csv.Length > MaxImportBytes)
        {
            ImportProblem = new ApiProblem(StatusCodes.Status413PayloadTooLarge, "File too large",
                $"The file is larger than {MaxImportBytes / 1024 / 1024} MB; split it into several imports.", new Dictionary<string, string[]>());
        }
        else
        {
            using var reader = new StreamReader(csv.OpenReadStream(), Encoding.UTF8);
            var result = await api.ImportSuppressedAsync(await reader.ReadToEndAsync(cancellationToken), cancellationToken);
            Imported = result.Value;
            ImportProblem = result.Problem;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSyncAsync(CancellationToken cancellationToken)
    {
        var result = await api.SyncSuppressedAsync(Direction, cancellationToken);
        Synced = result.Value;
        SyncProblem = result.Problem;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The whole list as CSV, streamed from the API to the browser.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var response = await api.ExportSuppressedAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = ApiProblem.Read((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            response.Dispose();
            if (problem.Status == StatusCodes.Status401Unauthorized)
            {
                throw new Auth.SessionExpiredException();
            }

            ListProblem = problem;
            await LoadAsync(cancellationToken);
            return Page();
        }

        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(cancellationToken), "text/csv; charset=utf-8", "suppression-list.csv");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (counts, countProblem) = await SuppressionCounts.CountAsync(api, cancellationToken);
        Counts = counts;
        var page = await api.ListSuppressedAsync(ListQuery(null), cancellationToken);
        Rows = new SuppressionRows(page.Value, page.Problem, Prefix, Reason);
        ListProblem ??= page.Problem ?? countProblem;
    }

    private QueryString ListQuery(string? cursor)
    {
        var pairs = new List<KeyValuePair<string, string?>> { new("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        if (!string.IsNullOrWhiteSpace(Prefix))
        {
            pairs.Add(new("prefix", Prefix.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(Reason))
        {
            pairs.Add(new("reason", Reason));
        }

        if (!string.IsNullOrEmpty(cursor))
        {
            pairs.Add(new("cursor", cursor));
        }

        return QueryString.Create(pairs);
    }
}
