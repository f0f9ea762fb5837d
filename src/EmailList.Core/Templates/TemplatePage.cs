namespace EmailList.Core.Templates;

/// <param name="NextCursor">Null on the last page; bound to the tenant (<see cref="TemplateRange"/>).</param>
public sealed record TemplatePage(IReadOnlyList<Template> Items, string? NextCursor);
