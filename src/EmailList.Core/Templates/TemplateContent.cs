namespace EmailList.Core.Templates;

/// <summary>The three parts of a template, in SES's Handlebars syntax.</summary>
public sealed record TemplateContent(string Subject, string? Html, string? Text);
