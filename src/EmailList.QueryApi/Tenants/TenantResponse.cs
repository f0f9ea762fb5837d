using EmailList.Core.Ses;
using EmailList.Core.Tenants;

namespace EmailList.QueryApi.Tenants;

/// <param name="ExternalId">The value of the sts:ExternalId condition the role's trust policy must have.</param>
/// <param name="Forwarding">NotConfigured, Configured or NeedsTemplate: whether SES events are set up to reach us.</param>
public sealed record TenantResponse(
    string Id,
    string Name,
    string Status,
    string ExternalId,
    string? RoleArn,
    string? Region,
    string? AwsAccountId,
    string? ConfigurationSetName,
    bool AllowSharedAccount,
    string Forwarding,
    string? ForwardingDetail,
    SesAccountResponse? SesAccount = null)
{
    /// <param name="sesAccount">What SES said about the account, when the role was just verified.</param>
    public static TenantResponse From(Tenant tenant, SesAccount? sesAccount = null)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new(tenant.Id, tenant.Name, tenant.Status.ToString(), tenant.ExternalId, tenant.RoleArn, tenant.Region,
            tenant.AwsAccountId, tenant.ConfigurationSetName, tenant.AllowSharedAccount, tenant.Forwarding.ToString(), tenant.ForwardingDetail,
            sesAccount is null ? null : new SesAccountResponse(sesAccount.SendingEnabled, sesAccount.ProductionAccessEnabled,
                sesAccount.MaxSendRate, sesAccount.Max24HourSend, sesAccount.SentLast24Hours));
    }
}
