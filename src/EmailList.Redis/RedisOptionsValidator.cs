using Microsoft.Extensions.Options;

using StackExchange.Redis;

namespace EmailList.Redis;

internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"Redis is enabled but has no connection string: set ConnectionStrings:{RedisOptions.ConnectionStringName} or {RedisOptions.SectionName}:ConnectionString (e.g. \"127.0.0.1:6379\").");
        }

        try
        {
            ConfigurationOptions.Parse(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            // The message could echo a password, so it is not repeated.
            return ValidateOptionsResult.Fail("The Redis connection string could not be parsed.");
        }

        var failures = new List<string>();
        if (options.ConnectTimeoutMilliseconds <= 0 || options.SyncTimeoutMilliseconds <= 0 || options.AsyncTimeoutMilliseconds <= 0)
        {
            failures.Add("Redis timeouts must be positive (milliseconds).");
        }

        if (options.SuppressionSetTimeToLive <= TimeSpan.Zero)
        {
            failures.Add($"{RedisOptions.SectionName}:{nameof(RedisOptions.SuppressionSetTimeToLive)} must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
