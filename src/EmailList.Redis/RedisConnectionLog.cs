using Microsoft.Extensions.Logging;

namespace EmailList.Redis;

internal static partial class RedisConnectionLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Redis is not reachable yet; the adapters use their fallbacks while the connection keeps retrying in the background.")]
    public static partial void NotConnectedYet(ILogger logger);
}
