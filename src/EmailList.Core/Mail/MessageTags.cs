namespace EmailList.Core.Mail;

/// <summary>SES message tags we add to every message so its events can be attributed to the tenant later.</summary>
public static class MessageTags
{
    /// <summary>User tags may not use this prefix: it is ours.</summary>
    public const string ReservedPrefix = "el_";

    public const string Tenant = "el_tenant";

    public const string ConfigurationSet = "el_configuration_set";
}
