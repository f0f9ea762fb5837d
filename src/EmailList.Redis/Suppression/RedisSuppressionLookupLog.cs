using Microsoft.Extensions.Logging;

namespace EmailList.Redis.Suppression;

internal static partial class RedisSuppressionLookupLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Suppression lookup for tenant {TenantId} fell back to the store: Redis is unavailable.")]
    public static partial void LookupFallback(ILogger logger, string tenantId, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Suppression set for tenant {TenantId} rebuilt from the store with {Count} addresses.")]
    public static partial void Rebuilt(ILogger logger, string tenantId, int count);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Suppression set for tenant {TenantId} was loaded from the store but could not be written to Redis; the next lookup loads it again.")]
    public static partial void RebuildNotStored(ILogger logger, string tenantId, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Suppression {Operation} for tenant {TenantId} could not be applied to Redis; dropping the cached set so it is rebuilt.")]
    public static partial void ChangeFailed(ILogger logger, string operation, string tenantId, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "The cached suppression set of tenant {TenantId} could not be dropped after a failed change and may be stale until it expires.")]
    public static partial void SetMayBeStale(ILogger logger, string tenantId, Exception exception);
}
