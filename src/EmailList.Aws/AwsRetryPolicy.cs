using Polly;
using Polly.Retry;

namespace EmailList.Aws;

/// <summary>
/// How hard a hand-written AWS client retries: throttling and transient failures each with their own limit and
/// jittered exponential back-off, around a time limit per attempt. Each client says what counts as which.
/// </summary>
internal sealed record AwsRetryPolicy(
    int MaxThrottleRetries,
    TimeSpan ThrottleBaseDelay,
    int MaxTransientRetries,
    TimeSpan TransientBaseDelay,
    TimeSpan AttemptTimeout)
{
    /// <param name="name">Prefix of the strategies' names ("ses" gives "ses-throttling" and "ses-transient").</param>
    public ResiliencePipeline Build(
        string name,
        TimeProvider timeProvider,
        PredicateBuilder<object> throttled,
        PredicateBuilder<object> transient,
        Func<OnRetryArguments<object>, ValueTask> onRetry)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (MaxThrottleRetries > 0)
        {
            builder.AddRetry(Retry(name + "-throttling", throttled, MaxThrottleRetries, ThrottleBaseDelay, onRetry));
        }

        if (MaxTransientRetries > 0)
        {
            builder.AddRetry(Retry(name + "-transient", transient, MaxTransientRetries, TransientBaseDelay, onRetry));
        }

        builder.AddTimeout(AttemptTimeout);
        return builder.Build();
    }

    private static RetryStrategyOptions Retry(
        string name, PredicateBuilder<object> handle, int attempts, TimeSpan delay, Func<OnRetryArguments<object>, ValueTask> onRetry) => new()
        {
            Name = name,
            ShouldHandle = handle,
            MaxRetryAttempts = attempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = delay,
            OnRetry = onRetry,
        };
}
