using EmailList.Core.Templates;

namespace EmailList.SendApi.Templates;

/// <summary>One version of a template, in full.</summary>
public sealed record TemplateResponse(string Name, int Version, string Subject, string? Html, string? Text, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TemplateResponse From(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new(template.Name, template.Version, template.Subject, template.Html, template.Text, template.CreatedAt, template.UpdatedAt);
    }
}

/// <summary>A page of templates (their latest versions, without html and text), by name.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
public sealed record TemplateListResponse(IReadOnlyList<TemplateSummary> Items, string? NextCursor);

public sealed record TemplateSummary(string Name, int Version, string Subject, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TemplateSummary From(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new(template.Name, template.Version, template.Subject, template.CreatedAt, template.UpdatedAt);
    }
}

/// <summary>A template rendered with the given data, as a send would render it.</summary>
public sealed record RenderedTemplateResponse(string Name, int Version, string Subject, string? Html, string? Text);

/// <summary>What POST /templates/import copied from the tenant's SES account, and what it left, with why.</summary>
public sealed record TemplateImportResponse(IReadOnlyList<ImportedTemplate> Imported, IReadOnlyList<SkippedTemplate> Skipped);

public sealed record ImportedTemplate(string Name, int Version);

public sealed record SkippedTemplate(string Name, string Reason);
