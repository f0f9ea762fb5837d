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
    /// Runs the paths in alternating slices (A, B, A, B, ... or A, B, C, A, B, C, ...) so that all see the same
    /// machine noise, and returns each path's latencies over all its slices.
    /// </summary>
    public static async Task<IReadOnlyList<LatencySummary>> RunInterleavedAsync(
        IReadOnlyList<(string Name, Func<CancellationToken, Task> Send)> paths,
        BenchSettings settings,
        Process? sendApi)
    {
        var latencies = paths.Select(_ => new List<double>(settings.Rate * settings.Seconds)).ToArray();
        var failed = new int[paths.Count];
        var costs = paths.Select(_ => new ProcessCost(sendApi)).ToArray();
        var slice = Math.Max(1, settings.Seconds / settings.Slices);
        for (var i = 0; i < settings.Slices; i++)
        {
            for (var p = 0; p < paths.Count; p++)
            {
                costs[p].Start();
                failed[p] += await RunPhaseAsync(paths[p].Send, settings.Rate, slice, latencies[p]);
                costs[p].Stop();
            }
        }

        var seconds = slice * settings.Slices;
        return [.. paths.Select((path, p) => LatencySummary.From(path.Name, latencies[p], failed[p], seconds) with { Cost = costs[p] })];
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
