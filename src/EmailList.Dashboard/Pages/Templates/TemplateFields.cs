using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Templates;

/// <summary>The subject, html and text fields with what the API said about each.</summary>
public sealed record TemplateFields(TemplateForm Form, ApiProblem? Problem);
