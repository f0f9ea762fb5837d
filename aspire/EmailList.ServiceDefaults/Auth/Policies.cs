namespace EmailList.ServiceDefaults.Auth;

/// <summary>Authorization policy names: one per tenant scope, and the operator policy.</summary>
public static class Policies
{
    public const string MailSend = Scopes.MailSend;
    public const string EventsRead = Scopes.EventsRead;
    public const string SuppressionWrite = Scopes.SuppressionWrite;
    public const string TenantAdmin = Scopes.TenantAdmin;
    public const string TemplatesWrite = Scopes.TemplatesWrite;
    public const string BroadcastsWrite = Scopes.BroadcastsWrite;

    /// <summary>Creating, changing and reading webhooks and their delivery logs: <c>webhooks:write</c>.</summary>
    public const string WebhooksWrite = Scopes.WebhooksWrite;

    /// <summary>Reading lists, contacts, exports and imports: <c>lists:read</c> or <c>lists:write</c> (a writer may read what it writes).</summary>
    public const string ListsRead = Scopes.ListsRead;

    /// <summary>Creating and changing lists and contacts, importing: <c>lists:write</c>.</summary>
    public const string ListsWrite = Scopes.ListsWrite;

    /// <summary>Reading and rendering templates: <c>templates:write</c> or <c>mail:send</c> (a sender may look at what it sends).</summary>
    public const string TemplatesUse = "templates:use";

    /// <summary>Operators: a <c>role</c> (or <c>roles</c>) claim of <c>admin</c>.</summary>
    public const string Operator = "operator";

    public const string OperatorRole = "admin";

    /// <summary>The scopes that satisfy a tenant policy, any one of them; none for the operator policy.</summary>
    public static IReadOnlyList<string> ScopesFor(string policy) => policy switch
    {
        TemplatesUse => [Scopes.TemplatesWrite, Scopes.MailSend],
        ListsRead => [Scopes.ListsRead, Scopes.ListsWrite],
        _ when Scopes.All.Contains(policy) => [policy],
        _ => [],
    };
}
