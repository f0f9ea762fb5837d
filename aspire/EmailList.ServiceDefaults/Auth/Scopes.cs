namespace EmailList.ServiceDefaults.Auth;

/// <summary>OAuth scopes a token carries in its <c>scope</c> (space-separated) or <c>scp</c> claim.</summary>
public static class Scopes
{
    public const string MailSend = "mail:send";
    public const string EventsRead = "events:read";
    public const string SuppressionWrite = "suppression:write";
    public const string TenantAdmin = "tenant:admin";
    public const string TemplatesWrite = "templates:write";
    public const string BroadcastsWrite = "broadcasts:write";
    public const string ListsRead = "lists:read";
    public const string ListsWrite = "lists:write";
    public const string WebhooksWrite = "webhooks:write";

    public static readonly IReadOnlyList<string> All = [MailSend, EventsRead, SuppressionWrite, TenantAdmin, TemplatesWrite, ListsRead, ListsWrite, BroadcastsWrite, WebhooksWrite];
}
