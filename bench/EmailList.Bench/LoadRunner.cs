using System.Diagnostics;

namespace EmailList.Bench;

/// <summary>
/// Open loop: requests start on a fixed schedule whether or not earlier ones finished, so a slow server
/// shows up as latency rather than as a lower offered rate.
/// </summary>
public static class LoadRunner
{
    public static async Task<LatencySummary> RunAsync(string name, Func<CancellationToken, Task> send, BenchSettings settings)
    {
        await RunPhaseAsync(send, settings.Rate, settings.WarmupSeconds, record: null);
        var latencies = new List<double>(settings.Rate * settings.Seconds);
        var failed = await RunPhaseAsync(send, settings.Rate, settings.Seconds, latencies);
        return LatencySummary.From(name, latencies, failed, settings.Seconds);
    }

    private static async Task<int> RunPhaseAsync(Func<CancellationToken, Task> send, int rate, int seconds, List<double>? record)
    {
        var total = rate * seconds;
        var failed = 0;
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            inFlight.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await send(CancellationToken.None);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (record is not null)
                    {
                        lock (record)
                        {
                            record.Add(elapsed);
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException or EmailList.Core.Ses.SesException)
                {
                    Interlocked.Increment(ref failed);
                    if (failed <= 3)
                    {
                        Console.Error.WriteLine($"request failed: {e.Message}");
                    }
                }
            }));
        }

        await Task.WhenAll(inFlight);
        return failed;
    }
}
