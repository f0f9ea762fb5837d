using EmailList.Core.Templates;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Templates;

/// <summary>The answers about templates that more than one endpoint gives.</summary>
internal static class TemplateProblems
{
    /// <summary>422: the template does not parse, uses a variable the data lacks, or renders too large; names the part, line and variable.</summary>
    public static ProblemHttpResult From(TemplateRenderException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var title = e.Failure switch
        {
            TemplateRenderFailure.Syntax => "Template syntax error",
            TemplateRenderFailure.MissingVariable => "Missing template variable",
            TemplateRenderFailure.TooLarge => "Rendered template too large",
            _ => "Template cannot be rendered",
        };
        var extensions = new Dictionary<string, object?> { ["part"] = e.Part };
        if (e.Line is { } line)
        {
            extensions["line"] = line;
        }

        if (e.Variable is { } variable)
        {
            extensions["variable"] = variable;
        }

        return Problems.Create(StatusCodes.Status422UnprocessableEntity, title, e.Message, extensions);
    }

    public static ProblemHttpResult NotFound(string name, int? version) => Problems.Create(StatusCodes.Status404NotFound, "Template not found",
        version is null
            ? $"The tenant has no template named '{name}'; GET /templates lists them, POST /templates creates one."
            : $"The template '{name}' has no version {version}; GET /templates/{name} shows its latest version.");

    public static ProblemHttpResult TooLarge() => Problems.Create(StatusCodes.Status413PayloadTooLarge, "Template too large",
        $"Subject, html and text together are at most {TemplateLimits.MaxContentBytes} bytes (UTF-8); move images and large content out of the template and link to them.");
}
