namespace EmailList.SendApi.Lists;

internal static class ListLimits
{
    public const int MaxNameLength = 200;
    public const int MaxAllowedOrigins = 20;
    public const int MaxOriginLength = 253 + 16;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    /// <summary>Room for a confirmation mail as large as a template, written as JSON, with the list's other settings.</summary>
    public const int MaxBodyBytes = 2 * Core.Templates.TemplateLimits.MaxContentBytes + 32 * 1024;

    /// <summary>The variable a confirmation mail must use: without the link, nobody can confirm.</summary>
    public const string ConfirmUrlVariable = "confirm_url";
}
