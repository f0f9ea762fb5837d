using System.Globalization;

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailList.Redis;

/// <summary>Degraded, never Unhealthy, when Redis does not answer: every adapter has a fallback, so sends go on.</summary>
public sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            var latency = await database.PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Redis answered PING in {latency.TotalMilliseconds:F1} ms."));
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            return HealthCheckResult.Degraded(
                "Redis does not answer PING. Sends go on: suppression lookups read the store, idempotency keys are kept per instance, credentials are not shared between instances.",
                exception);
        }
    }
}
