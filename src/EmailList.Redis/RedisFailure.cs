using StackExchange.Redis;

namespace EmailList.Redis;

internal static class RedisFailure
{
    /// <summary>
    /// Redis being down, slow or mid-shutdown: the adapters fall back instead of failing the request.
    /// RedisTimeoutException derives from TimeoutException, not RedisException.
    /// </summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException;
}
