namespace EmailList.Core.Templates;

/// <summary>The session policy for importing a tenant's SES templates: reading templates, nothing else.</summary>
public static class TemplateImportSessionPolicy
{
    public static readonly IReadOnlyList<string> Actions = ["ses:ListEmailTemplates", "ses:GetEmailTemplate"];

    public static string Json { get; } =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
        + string.Join(',', Actions.Select(a => $"\"{a}\""))
        + "],\"Resource\":\"*\"}]}";
}
