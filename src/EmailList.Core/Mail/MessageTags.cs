namespace EmailList.Core.Mail;

/// <summary>SES message tags we add to every message so its events can be attributed to the tenant later.</summary>
public static class MessageTags
{
    /// <summary>User tags may not use this prefix: it is ours.</summary>
    public const string ReservedPrefix = "el_";

    public const string Tenant = "el_tenant";

    public const string ConfigurationSet = "el_configuration_set";

    /// <summary>The stored template a message was rendered from, and its version, so events and stats can be grouped by them.</summary>
    public const string Template = "el_template";

    public const string TemplateVersion = "el_template_version";
}
