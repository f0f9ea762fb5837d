namespace EmailList.ServiceDefaults.Auth;

/// <summary>Authorization policy names: one per tenant scope, and the operator policy.</summary>
public static class Policies
{
    public const string MailSend = Scopes.MailSend;
    public const string EventsRead = Scopes.EventsRead;
    public const string SuppressionWrite = Scopes.SuppressionWrite;
    public const string TenantAdmin = Scopes.TenantAdmin;

    /// <summary>Operators: a <c>role</c> (or <c>roles</c>) claim of <c>admin</c>.</summary>
    public const string Operator = "operator";

    public const string OperatorRole = "admin";
}
