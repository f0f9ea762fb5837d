using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Templates;

/// <summary>The fields of the create and edit forms; the name is only read when creating.</summary>
public sealed class TemplateForm
{
    public string? Name { get; set; }

    public string? Subject { get; set; }

    public string? Html { get; set; }

    public string? Text { get; set; }

    /// <summary>The parts as the API takes them: an empty html or text is absent, not an empty body.</summary>
    public TemplateParts Parts() => new(Subject ?? "", string.IsNullOrWhiteSpace(Html) ? null : Html, string.IsNullOrWhiteSpace(Text) ? null : Text);
}
