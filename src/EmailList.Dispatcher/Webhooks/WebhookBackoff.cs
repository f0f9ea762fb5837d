namespace EmailList.Dispatcher.Webhooks;

/// <summary>Exponential backoff with full jitter: the n-th retry waits a random time below min(max, base * 4^(n-1)).</summary>
public static class WebhookBackoff
{
    /// <param name="attempts">Attempts made so far, this one included (1 after the first failure).</param>
    public static TimeSpan Next(int attempts, TimeSpan backoff, TimeSpan maxBackoff, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ceiling = backoff.TotalMilliseconds * Math.Pow(4, Math.Clamp(attempts - 1, 0, 30));
        ceiling = Math.Min(ceiling, maxBackoff.TotalMilliseconds);
        // Full jitter spreads a burst of failures (an endpoint that was down for everyone) over the whole window;
        // a floor of a tenth keeps a retry from firing straight back at an endpoint that just failed.
        return TimeSpan.FromMilliseconds(ceiling * (0.1 + 0.9 * random.NextDouble()));
    }
}
