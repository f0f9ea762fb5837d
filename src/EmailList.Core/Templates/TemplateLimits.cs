namespace EmailList.Core.Templates;

/// <summary>Limits of a stored template.</summary>
public static class TemplateLimits
{
    /// <summary>
    /// UTF-8 bytes of subject, html and text together. SES allows 500 KB; a DynamoDB item holds 400 KB with its keys,
    /// so a template is kept under that in every store.
    /// </summary>
    public const int MaxContentBytes = 350_000;

    public const int MaxSubjectLength = 998;
}
