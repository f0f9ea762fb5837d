namespace EmailList.Core.Templates;

/// <param name="Cursor">From the previous page's <see cref="TemplatePage.NextCursor"/>.</param>
public sealed record TemplateQuery(int Limit = 50, string? Cursor = null);
