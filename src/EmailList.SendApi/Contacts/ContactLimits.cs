namespace EmailList.SendApi.Contacts;

internal static class ContactLimits
{
    /// <summary>A contact's attributes as JSON (UTF-8): enough for names and preferences, small enough to render every mail with.</summary>
    public const int MaxAttributesBytes = 8 * 1024;

    public const int MaxConsentLength = 1000;
    public const int MaxListsPerRequest = 20;
    public const int MaxSearchLength = 254;
    public const int MaxUserAgentLength = 512;
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Attribute names the mail's data sets itself; a contact's own would be overwritten, so they are refused.</summary>
    public static readonly IReadOnlySet<string> ReservedAttributes = new HashSet<string>(StringComparer.Ordinal) { "email", "unsubscribe_url", "confirm_url" };
}
