namespace EmailList.Dashboard.Api;

/// <summary>A template's parts as a form gives them; an empty part is sent as absent.</summary>
public sealed record TemplateParts(string? Subject, string? Html, string? Text);
