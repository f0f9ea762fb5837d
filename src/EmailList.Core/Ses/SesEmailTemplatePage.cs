namespace EmailList.Core.Ses;

/// <summary>One page of ListEmailTemplates: template names, and the token of the next page.</summary>
public sealed record SesEmailTemplatePage(IReadOnlyList<string> Names, string? NextToken);
