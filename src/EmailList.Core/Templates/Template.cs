namespace EmailList.Core.Templates;

/// <summary>One version of a tenant's stored template. Versions are immutable; a change is the next version.</summary>
/// <param name="CreatedAt">When the template (version 1) was created.</param>
/// <param name="UpdatedAt">When this version was written.</param>
public sealed record Template(
    string TenantId,
    string Name,
    int Version,
    string Subject,
    string? Html,
    string? Text,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public TemplateContent Content => new(Subject, Html, Text);
}
