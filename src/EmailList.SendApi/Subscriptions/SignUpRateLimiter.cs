using System.Threading.RateLimiting;
using EmailList.Redis;
using EmailList.Redis.Limits;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Subscriptions;

/// <summary>
/// Fixed-window limits on sign-ups per client IP and per address. With Redis configured the windows are counted in Redis,
/// so every send-API instance shares one count; without it (the embedded default), in this process. While Redis is
/// unavailable each instance falls back to its own in-process windows: the limits still hold per instance (at worst N
/// instances allow N times the limit), rather than letting everything through or refusing every sign-up.
/// </summary>
public sealed class SignUpRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perClient;
    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly RedisFixedWindowLimiter? _sharedPerClient;
    private readonly RedisFixedWindowLimiter? _sharedPerAddress;
    private readonly SignUpOptions _options;
    private readonly ILogger<SignUpRateLimiter> _logger;
    private int _fallingBack;

    /// <param name="redis">The process's Redis connection when Redis is configured; none in the embedded default.</param>
    public SignUpRateLimiter(IOptions<SignUpOptions> options, ILogger<SignUpRateLimiter> logger, RedisConnection? redis = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        _perClient = Partitioned(_options.PerClientLimit, _options.PerClientWindow);
        _perAddress = Partitioned(_options.PerAddressLimit, _options.PerAddressWindow);
        if (redis is not null)
        {
            _sharedPerClient = new RedisFixedWindowLimiter(redis, "signup-client", _options.PerClientLimit, _options.PerClientWindow);
            _sharedPerAddress = new RedisFixedWindowLimiter(redis, "signup-address", _options.PerAddressLimit, _options.PerAddressWindow);
        }
    }

    /// <summary>Null when the client may go on; else how long it should wait.</summary>
    public ValueTask<TimeSpan?> TryClientAsync(string clientIp, CancellationToken cancellationToken) =>
        AcquireAsync(_sharedPerClient, _perClient, clientIp, _options.PerClientWindow, cancellationToken);

    /// <summary>Null when the (normalized) address may be signed up now; else how long until it may.</summary>
    public ValueTask<TimeSpan?> TryAddressAsync(string email, CancellationToken cancellationToken) =>
        AcquireAsync(_sharedPerAddress, _perAddress, email, _options.PerAddressWindow, cancellationToken);

    public void Dispose()
    {
        _perClient.Dispose();
        _perAddress.Dispose();
        _sharedPerClient?.Dispose();
        _sharedPerAddress?.Dispose();
    }

    private async ValueTask<TimeSpan?> AcquireAsync(
        RedisFixedWindowLimiter? shared, PartitionedRateLimiter<string> local, string key, TimeSpan window, CancellationToken cancellationToken)
    {
        if (shared is not null)
        {
            var answer = await shared.AcquireAsync(key, cancellationToken);
            if (answer.Unavailable is null)
            {
                if (Interlocked.Exchange(ref _fallingBack, 0) == 1)
                {
                    PublicListLog.SharedLimitsRestored(_logger);
                }

                return answer.Allowed ? null : answer.RetryAfter;
            }

            // Logged once per outage, not per sign-up: a flood during an outage must not flood the logs too.
            if (Interlocked.Exchange(ref _fallingBack, 1) == 0)
            {
                PublicListLog.SharedLimitsUnavailable(_logger, answer.Unavailable);
            }
        }

        return Acquire(local, key, window);
    }

    private static TimeSpan? Acquire(PartitionedRateLimiter<string> limiter, string key, TimeSpan window)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
    }

    private static PartitionedRateLimiter<string> Partitioned(int limit, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
}
