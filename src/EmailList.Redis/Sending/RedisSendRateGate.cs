using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using EmailList.Core.Sending;
using EmailList.Core.Tenants;
using RedisRateLimiting;

namespace EmailList.Redis.Sending;

/// <summary>
/// Paces sends per tenant across every instance: one token bucket per tenant in Redis (RedisRateLimiting's
/// <see cref="RedisTokenBucketRateLimiter{TKey}"/>, a Lua script, so instances share it atomically), sized from the
/// tenant's SES MaxSendRate. That limiter does not queue, so a refused acquire waits for the bucket's next refill and tries again.
/// </summary>
public sealed class RedisSendRateGate(RedisConnection connection, SesSendRates rates, TimeProvider time) : ISendRateGate, IDisposable
{
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public async ValueTask WaitAsync(Tenant tenant, int recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        for (var left = Math.Max(1, recipients); left > 0;)
        {
            var bucket = await BucketForAsync(tenant, cancellationToken);
            var permits = Math.Min(left, bucket.Size);
            using var lease = await bucket.Limiter.AcquireAsync(permits, cancellationToken);
            if (lease.IsAcquired)
            {
                left -= permits;
                continue;
            }

            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : MinWait;
            wait = wait < MinWait ? MinWait : wait > MaxWait ? MaxWait : wait;
            // Jitter, so that instances refused together do not all come back at the same instant.
            await Task.Delay(wait + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 20)), time, cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Limiter.Dispose();
        }
    }

    private async ValueTask<Bucket> BucketForAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var size = SendRateBucket.Size(await rates.GetPacingRateAsync(tenant, cancellationToken));
        if (_buckets.TryGetValue(tenant.Id, out var bucket) && bucket.Size == size)
        {
            return bucket;
        }

        var multiplexer = await connection.GetMultiplexerAsync(cancellationToken);
        // The bucket lives in Redis; a new limiter object for a new rate only changes the size this instance asks for.
        var fresh = new Bucket(size, new RedisTokenBucketRateLimiter<string>(RedisKeys.SendRate(tenant.Id), new RedisTokenBucketRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => multiplexer,
            TokenLimit = size,
            TokensPerPeriod = SendRateBucket.TokensPerRefill(size),
            ReplenishmentPeriod = SendRateBucket.RefillPeriod(size),
        }));
        _buckets[tenant.Id] = fresh;
        return fresh;
    }

    private sealed record Bucket(int Size, RedisTokenBucketRateLimiter<string> Limiter);
}
