using EmailList.Core.Tenants;

using Microsoft.Extensions.Logging;

namespace EmailList.Core.Onboarding;

internal static partial class TenantOnboardingLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Tenant {TenantId} set a role in account {AccountId}, region {Region}; forwarding {Forwarding}")]
    public static partial void RoleSet(ILogger logger, string tenantId, string accountId, string region, ForwardingState forwarding);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Tenant {TenantId} removed its role; sends stopped")]
    public static partial void RoleRemoved(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Account {AccountId} in {Region} already forwards to the platform bus through rule {Rule}; left as it is")]
    public static partial void TemplateForwardingFound(ILogger logger, string accountId, string region, string rule);
}
