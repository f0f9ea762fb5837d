using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Subscriptions;

/// <summary>
/// Fixed-window limits on sign-ups per client IP and per address, in this process. An idle partition is dropped by
/// <see cref="PartitionedRateLimiter"/> itself, so memory follows the clients active within a window.
/// </summary>
public sealed class SignUpRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perClient;
    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly SignUpOptions _options;

    public SignUpRateLimiter(IOptions<SignUpOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _perClient = Partitioned(_options.PerClientLimit, _options.PerClientWindow);
        _perAddress = Partitioned(_options.PerAddressLimit, _options.PerAddressWindow);
    }

    /// <summary>Null when the client may go on; else how long it should wait.</summary>
    public TimeSpan? TryClient(string clientIp) => Acquire(_perClient, clientIp, _options.PerClientWindow);

    /// <summary>Null when the (normalized) address may be signed up now; else how long until it may.</summary>
    public TimeSpan? TryAddress(string email) => Acquire(_perAddress, email, _options.PerAddressWindow);

    public void Dispose()
    {
        _perClient.Dispose();
        _perAddress.Dispose();
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
