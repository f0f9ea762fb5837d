namespace EmailList.Sandbox.Admin;

/// <summary>A template to seed in an account's SES (the parts of SES's TemplateContent).</summary>
public sealed record SandboxEmailTemplate(string? Subject, string? Html, string? Text);
