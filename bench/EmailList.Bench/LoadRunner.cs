using System.Diagnostics;

namespace EmailList.Bench;

/// <summary>
/// Open loop: requests start on a fixed schedule whether or not earlier ones finished, so a slow server
/// shows up as latency rather than as a lower offered rate.
/// </summary>
public static class LoadRunner
{
    public static Task WarmUpAsync(Func<CancellationToken, Task> send, BenchSettings settings) =>
        RunPhaseAsync(send, settings.Rate, settings.WarmupSeconds, record: null);

    /// <summary>
    /// Runs the two paths in alternating slices (A, B, A, B, ...) so that both see the same machine noise,
    /// and returns each path's latencies over all its slices.
    /// </summary>
    public static async Task<(LatencySummary A, LatencySummary B)> RunInterleavedAsync(
        (string Name, Func<CancellationToken, Task> Send) a,
        (string Name, Func<CancellationToken, Task> Send) b,
        BenchSettings settings,
        Process? sendApi)
    {
        var latenciesA = new List<double>(settings.Rate * settings.Seconds);
        var latenciesB = new List<double>(settings.Rate * settings.Seconds);
        var failedA = 0;
        var failedB = 0;
        var slice = Math.Max(1, settings.Seconds / settings.Slices);
        var processA = new ProcessCost(sendApi);
        var processB = new ProcessCost(sendApi);
        for (var i = 0; i < settings.Slices; i++)
        {
            processA.Start();
            failedA += await RunPhaseAsync(a.Send, settings.Rate, slice, latenciesA);
            processA.Stop();
            processB.Start();
            failedB += await RunPhaseAsync(b.Send, settings.Rate, slice, latenciesB);
            processB.Stop();
        }

        var seconds = slice * settings.Slices;
        return (LatencySummary.From(a.Name, latenciesA, failedA, seconds) with { Cost = processA },
            LatencySummary.From(b.Name, latenciesB, failedB, seconds) with { Cost = processB });
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
