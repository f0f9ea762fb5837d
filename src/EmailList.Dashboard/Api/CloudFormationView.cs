namespace EmailList.Dashboard.Api;

public sealed record CloudFormationView(string TemplatePath, Uri? TemplateUrl, Uri? QuickCreateUrl, IReadOnlyDictionary<string, string> Parameters);
