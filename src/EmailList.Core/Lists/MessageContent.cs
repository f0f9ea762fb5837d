namespace EmailList.Core.Lists;

/// <summary>
/// What a list's confirmation mail or a broadcast says: a stored template (by name, optionally pinned to a version)
/// or a subject with html and/or text, rendered with the contact's attributes either way. Field names are those of
/// <c>POST /mail</c>.
/// </summary>
public sealed record MessageContent
{
    public string? Subject { get; init; }
    public string? Html { get; init; }
    public string? Text { get; init; }
    public string? TemplateName { get; init; }
    public int? TemplateVersion { get; init; }

    public bool UsesTemplate => TemplateName is not null;
}
