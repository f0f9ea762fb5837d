using System.Text.Json;
using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Templates;

/// <summary>
/// One template's latest version, its source shown as text; edit it (a new version), preview it rendered with JSON data,
/// delete it.
/// </summary>
public sealed class DetailModel(SendApiClient api) : PageModel
{
    [TempData]
    public string? Status { get; set; }

    [BindProperty]
    public TemplateForm Form { get; set; } = new();

    /// <summary>The preview's data: a JSON object of the template's variables.</summary>
    [BindProperty(Name = "data")]
    public string? Data { get; set; }

    public TemplateView? Template { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public ApiProblem? UpdateProblem { get; private set; }

    public ApiProblem? DeleteProblem { get; private set; }

    public ApiProblem? PreviewProblem { get; private set; }

    public RenderedTemplateView? Preview { get; private set; }

    public async Task OnGetAsync(string name, CancellationToken cancellationToken)
    {
        await LoadAsync(name, cancellationToken);
        if (Template is { } t)
        {
            Form = new TemplateForm { Subject = t.Subject, Html = t.Html, Text = t.Text };
        }
    }

    public async Task<IActionResult> OnPostUpdateAsync(string name, CancellationToken cancellationToken)
    {
        var updated = await api.UpdateTemplateAsync(name, Form.Parts(), cancellationToken);
        if (updated.Value is { } template)
        {
            Status = $"Saved as version {template.Version}.";
            return RedirectToPage(new { name });
        }

        UpdateProblem = updated.Problem;
        await LoadAsync(name, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken cancellationToken)
    {
        var deleted = await api.DeleteTemplateAsync(name, cancellationToken);
        if (deleted.Succeeded)
        {
            Status = $"The template {name} is deleted, every version.";
            return RedirectToPage("Index");
        }

        DeleteProblem = deleted.Problem;
        await OnGetAsync(name, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(string name, CancellationToken cancellationToken)
    {
        if (ParseData() is { } data)
        {
            var rendered = await api.RenderTemplateAsync(name, data, cancellationToken);
            Preview = rendered.Value;
            PreviewProblem = rendered.Problem;
        }

        await OnGetAsync(name, cancellationToken);
        return Page();
    }

    /// <summary>The data as JSON, or null with <see cref="PreviewProblem"/> saying why; empty is an empty object.</summary>
    private JsonElement? ParseData()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            return JsonSerializer.SerializeToElement(new { });
        }

        try
        {
            using var document = JsonDocument.Parse(Data);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            PreviewProblem = new ApiProblem(StatusCodes.Status400BadRequest, "The data is not valid JSON", null,
                new Dictionary<string, string[]> { ["data"] = [$"Not JSON ({e.Message}). Write an object, e.g. {{\"name\": \"Jane\"}}."] });
            return null;
        }
    }

    private async Task LoadAsync(string name, CancellationToken cancellationToken)
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
