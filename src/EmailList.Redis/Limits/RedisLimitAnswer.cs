namespace EmailList.Redis.Limits;

/// <summary>
/// What the shared limit said to one acquire: allowed, refused (and how long until the window reopens), or nothing,
/// because Redis was unavailable (<see cref="Unavailable"/> holds why) and the caller must decide alone.
/// </summary>
public sealed record RedisLimitAnswer(bool Allowed, TimeSpan RetryAfter, Exception? Unavailable)
{
    public static RedisLimitAnswer Acquired { get; } = new(true, TimeSpan.Zero, null);

    public static RedisLimitAnswer Refused(TimeSpan retryAfter) => new(false, retryAfter, null);

    public static RedisLimitAnswer Failed(Exception exception) => new(false, TimeSpan.Zero, exception);
}
