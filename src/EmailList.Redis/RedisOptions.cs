namespace EmailList.Redis;

/// <summary>
/// Connection to the shared Redis. <c>ConnectionStrings:redis</c> (what Aspire injects) wins over
/// <c>Redis:ConnectionString</c>. Timeouts are short on purpose: every adapter has a fallback, so a
/// dead Redis must cost little per request.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    public const string ConnectionStringName = "redis";

    public string? ConnectionString { get; set; }

    public int ConnectTimeoutMilliseconds { get; set; } = 1000;

    public int SyncTimeoutMilliseconds { get; set; } = 1000;

    public int AsyncTimeoutMilliseconds { get; set; } = 1000;

    /// <summary>
    /// False (the default): Redis replies are read on the .NET thread pool, saving a thread switch per command
    /// (docs/benchmarks.md). True: on StackExchange.Redis's own threads, which keeps Redis answering if the
    /// process ever starves its thread pool with blocking work.
    /// </summary>
    public bool DedicatedSocketThreads { get; set; }

    /// <summary>How long a tenant's cached suppression set lives before it is rebuilt from the store; bounds any drift.</summary>
    public TimeSpan SuppressionSetTimeToLive { get; set; } = TimeSpan.FromHours(6);
}
