using System.Diagnostics;
using System.Globalization;

namespace EmailList.Testing;

/// <summary>
/// The one way tests wait for something that happens in the background: poll a probe until it says done, or give up
/// after a timeout with a <see cref="TimeoutException"/> that says what was awaited and what the probe saw last.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Polls <paramref name="probe"/> until it answers done and returns the value it answered with. The probe runs at least
    /// once and once more after the timeout has passed, so a slow first answer cannot make it give up without looking.
    /// </summary>
    /// <param name="what">What is awaited, read as the subject of "did not happen", e.g. "the purge of expired events".</param>
    /// <param name="describe">How the last value is shown when the wait times out; its <c>ToString()</c> when null.</param>
    public static async Task<T> ValueAsync<T>(
        Func<Task<(bool Done, T Value)>> probe,
        string what,
        Func<T, string>? describe = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var pastDeadline = clock.Elapsed >= limit;
            var (done, value) = await probe();
            if (done)
            {
                return value;
            }

            if (pastDeadline)
            {
                var seen = describe is null ? value?.ToString() ?? "null" : describe(value);
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{what} did not happen within {limit.TotalSeconds} s; last seen: {seen}"));
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static Task TrueAsync(
        Func<Task<bool>> condition,
        string what,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ValueAsync(async () => (await condition(), false), what, _ => "the condition was false", timeout, cancellationToken);
}
