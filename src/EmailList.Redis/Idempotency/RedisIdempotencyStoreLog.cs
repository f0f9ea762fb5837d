using Microsoft.Extensions.Logging;

namespace EmailList.Redis.Idempotency;

internal static partial class RedisIdempotencyStoreLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Idempotency {Operation} for tenant {TenantId} fell back to this process's memory: Redis is unavailable.")]
    public static partial void FallingBack(ILogger logger, string operation, string tenantId, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "An idempotency entry for tenant {TenantId} could not be read; the request is refused as in progress until it expires.")]
    public static partial void UnreadableEntry(ILogger logger, string tenantId);
}
