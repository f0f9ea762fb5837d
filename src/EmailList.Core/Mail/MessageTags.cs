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

    /// <summary>The list a mail was sent for (a confirmation or a broadcast) and the contact it went to, so a complaint or an SES subscription event unsubscribes that contact from that list.</summary>
    public const string List = "el_list";

    public const string Contact = "el_contact";

    /// <summary>The broadcast a mail belongs to, so events and stats roll up per broadcast.</summary>
    public const string Broadcast = "el_broadcast";

    /// <summary>
    /// The scheduled mail (its id, <see cref="Scheduling.ScheduledMailId"/>) a message was sent for, so its Send event can
    /// confirm a send whose outcome the dispatcher never wrote down (a crash, a timeout). Ids are ASCII letters, digits and
    /// an underscore, which SES allows in a tag value.
    /// </summary>
    public const string ScheduledMail = "el_mail";
}
