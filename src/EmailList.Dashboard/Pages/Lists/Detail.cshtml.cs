using System.Globalization;
using System.Text.Json;
using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Lists;

/// <summary>
/// One list: its settings and its contacts (GET /contacts?list=), filtered by status and address, loaded a page at a time;
/// rename it, delete it, add a contact to it.
/// </summary>
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

    /// <summary>What the last action did, shown once; the key is the one the index page shows too.</summary>
    [TempData(Key = "Status")]
    public string? Notice { get; set; }

    /// <summary>The rename form's new name.</summary>
    [BindProperty(Name = "name")]
    public string? NewName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    /// <summary>The contact's attributes as a JSON object; optional.</summary>
    [BindProperty]
    public string? Attributes { get; set; }

    /// <summary>How the address agreed to be on the list; given, it is subscribed at once, else it is pending.</summary>
    [BindProperty]
    public string? Consent { get; set; }

    public ListView? List { get; private set; }

    public ApiProblem? RenameProblem { get; private set; }

    public ApiProblem? DeleteProblem { get; private set; }

    public ApiProblem? ContactProblem { get; private set; }

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

    public async Task<IActionResult> OnPostRenameAsync(string id, CancellationToken cancellationToken)
    {
        var renamed = await api.RenameListAsync(id, NewName?.Trim() ?? "", cancellationToken);
        if (renamed.Value is { } list)
        {
            Notice = $"Renamed to {list.Name}.";
            return RedirectToPage(new { id });
        }

        RenameProblem = renamed.Problem;
        await OnGetAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await api.DeleteListAsync(id, cancellationToken);
        if (deleted.Succeeded)
        {
            Notice = $"The list {id} is deleted.";
            return RedirectToPage("Index");
        }

        DeleteProblem = deleted.Problem;
        await OnGetAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddContactAsync(string id, CancellationToken cancellationToken)
    {
        if (ParseAttributes(out var attributes))
        {
            var consent = string.IsNullOrWhiteSpace(Consent) ? null : Consent.Trim();
            var added = await api.AddContactAsync(id, Email?.Trim() ?? "", attributes, consent, cancellationToken);
            if (added.Value is { } contact)
            {
                var status = contact.Lists.FirstOrDefault(l => l.ListId == id)?.Status ?? "added";
                Notice = $"{contact.Email} is on the list: {status}.";
                return RedirectToPage(new { id });
            }

            ContactProblem = added.Problem;
        }

        await OnGetAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetMoreAsync(string id, string? cursor, CancellationToken cancellationToken) =>
        Partial("_ContactRows", await LoadAsync(id, cursor, cancellationToken));

    private bool ParseAttributes(out JsonElement? attributes)
    {
        attributes = null;
        if (string.IsNullOrWhiteSpace(Attributes))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(Attributes);
            attributes = document.RootElement.Clone();
            return true;
        }
        catch (JsonException e)
        {
            ContactProblem = new ApiProblem(StatusCodes.Status400BadRequest, "The attributes are not valid JSON", null,
                new Dictionary<string, string[]> { ["attributes"] = [$"Not JSON ({e.Message}). Write an object, e.g. {{\"first_name\": \"Jane\"}}."] });
            return false;
        }
    }

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
