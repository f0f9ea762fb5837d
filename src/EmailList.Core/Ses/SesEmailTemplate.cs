namespace EmailList.Core.Ses;

/// <summary>A template stored in the tenant's SES account (GetEmailTemplate's TemplateContent).</summary>
public sealed record SesEmailTemplate(string Name, string? Subject, string? Html, string? Text);
