using Microsoft.Extensions.Logging;

namespace EmailList.Redis.Credentials;

internal static partial class RedisCredentialCacheLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Credential cache {Operation} for tenant {TenantId} failed: Redis is unavailable; treated as a miss.")]
    public static partial void RedisUnavailable(ILogger logger, string operation, string tenantId, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Cached credentials for tenant {TenantId} could not be decrypted or read (tampered, moved, or under a retired key); treated as a miss.")]
    public static partial void UnreadableEntry(ILogger logger, string tenantId);
}
