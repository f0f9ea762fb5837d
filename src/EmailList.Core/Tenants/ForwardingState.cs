namespace EmailList.Core.Tenants;

/// <summary>Whether the tenant's SES events are set up to reach the platform's event bus.</summary>
public enum ForwardingState
{
    /// <summary>No role yet, or the role was removed.</summary>
    NotConfigured,

    /// <summary>Configuration set, event destination and forwarding rule are in place (set up through the role, or by the template).</summary>
    Configured,

    /// <summary>The role could not set forwarding up (see <see cref="Tenant.ForwardingDetail"/>); the CloudFormation template does it.</summary>
    NeedsTemplate,
}
