using Microsoft.Extensions.Logging;

namespace EmailList.Standalone;

internal static partial class DemoTenantLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Demo tenant '{TenantId}' sends through sandbox role {RoleArn}.")]
    public static partial void Seeded(ILogger logger, string tenantId, string roleArn);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Tenant '{TenantId}' onboarded again with sandbox role {RoleArn}: its event forwarding is back.")]
    public static partial void Restored(ILogger logger, string tenantId, string roleArn);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Tenant '{TenantId}' could not be onboarded again with sandbox role {RoleArn} ({Status}); GET /tenant says what to fix.")]
    public static partial void NotRestored(ILogger logger, string tenantId, string roleArn, int status);
}
