using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using EmailList.Core.Tenants;

namespace EmailList.Core.Sending;

/// <summary>
/// Paces one process's sends per tenant with a <see cref="TokenBucketRateLimiter"/> (waiters served oldest first).
/// Right for the embedded default, where one process sends for every tenant; across instances use the Redis gate.
/// </summary>
public sealed class InProcessSendRateGate(SesSendRates rates) : ISendRateGate, IDisposable
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public async ValueTask WaitAsync(Tenant tenant, int recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        // Chunks of at most one bucket: a message with more recipients than the bucket holds waits longer, never fails.
        for (var left = Math.Max(1, recipients); left > 0;)
        {
            var bucket = await BucketForAsync(tenant, cancellationToken);
            var permits = Math.Min(left, bucket.Size);
            try
            {
                using var lease = await bucket.Limiter.AcquireAsync(permits, cancellationToken);
                if (lease.IsAcquired)
                {
                    left -= permits;
                }
            }
            catch (ObjectDisposedException)
            {
                // The rate changed and the bucket was replaced while this waited: wait on the new one.
            }
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
        var rate = await rates.GetPacingRateAsync(tenant, cancellationToken);
        var size = SendRateBucket.Size(rate);
        while (true)
        {
            if (_buckets.TryGetValue(tenant.Id, out var bucket) && bucket.Size == size)
            {
                return bucket;
            }

            var fresh = new Bucket(size, new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = size,
                TokensPerPeriod = SendRateBucket.TokensPerRefill(size),
                ReplenishmentPeriod = SendRateBucket.RefillPeriod(size),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
            if (bucket is null ? _buckets.TryAdd(tenant.Id, fresh) : _buckets.TryUpdate(tenant.Id, fresh, bucket))
            {
                bucket?.Limiter.Dispose();
                return fresh;
            }

            fresh.Limiter.Dispose();
        }
    }

    private sealed record Bucket(int Size, TokenBucketRateLimiter Limiter);
}
