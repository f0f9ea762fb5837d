using Microsoft.Extensions.Logging;

namespace EmailList.Redis.Tenants;

internal static partial class RedisTenantChangesLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Could not tell other instances that tenant {TenantId} changed (Redis unavailable); they see it when their tenant cache expires")]
    public static partial void PublishFailed(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Could not subscribe to tenant changes (Redis unavailable); retrying")]
    public static partial void SubscribeFailed(ILogger logger);
}
