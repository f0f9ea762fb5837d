using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using RedisRateLimiting;

namespace EmailList.Redis.Limits;

/// <summary>
/// A fixed-window limit per key that every instance shares through Redis: RedisRateLimiting's
/// <see cref="RedisFixedWindowRateLimiter{TKey}"/> counts in one Lua script per acquire, so instances count together
/// atomically. Keys are hashed before they reach Redis, so addresses and client IPs are not stored there. The window is
/// Redis-side and timed by the wall clock (the library reads <see cref="DateTimeOffset.UtcNow"/>), not a TimeProvider.
/// </summary>
public sealed class RedisFixedWindowLimiter : IDisposable
{
    private readonly RedisConnection _connection;
    private readonly string _name;
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly Lock _lock = new();
    private PartitionedRateLimiter<string>? _limiter;
    private bool _disposed;

    /// <param name="connection">The process's Redis connection.</param>
    /// <param name="name">Names the limit inside Redis keys ("signup-address"); two limits with one name share counts.</param>
    /// <param name="permitLimit">Acquires allowed per key per window, across every instance.</param>
    /// <param name="window">The fixed window's length (whole seconds count: the library keeps Unix seconds).</param>
    public RedisFixedWindowLimiter(RedisConnection connection, string name, int permitLimit, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        _connection = connection;
        _name = name;
        _permitLimit = permitLimit;
        _window = window;
    }

    /// <summary>Takes one permit for <paramref name="key"/>; never throws for Redis being down, slow or closing: it answers <see cref="RedisLimitAnswer.Failed"/>.</summary>
    public async ValueTask<RedisLimitAnswer> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            var limiter = await LimiterAsync(cancellationToken);
            using var lease = await limiter.AcquireAsync(RedisKeys.Limit(_name, Hash(key)), 1, cancellationToken);
            if (lease.IsAcquired)
            {
                return RedisLimitAnswer.Acquired;
            }

            // The library reports whole seconds until the window closes (0 in its last second).
            var seconds = lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out int retryAfter) ? retryAfter : (int)_window.TotalSeconds;
            return RedisLimitAnswer.Refused(TimeSpan.FromSeconds(Math.Max(1, seconds)));
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            return RedisLimitAnswer.Failed(exception);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _limiter?.Dispose();
        }
    }

    private async ValueTask<PartitionedRateLimiter<string>> LimiterAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _limiter) is { } ready)
        {
            return ready;
        }

        var multiplexer = await _connection.GetMultiplexerAsync(cancellationToken);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // One object per active key in this process (dropped once idle); the count itself lives in Redis.
            return _limiter ??= PartitionedRateLimiter.Create<string, string>(
                key => RedisRateLimitPartition.GetFixedWindowRateLimiter(key, _ => new RedisFixedWindowRateLimiterOptions
                {
                    ConnectionMultiplexerFactory = () => multiplexer,
                    PermitLimit = _permitLimit,
                    Window = _window,
                }),
                StringComparer.Ordinal);
        }
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
}
