using System.Globalization;

namespace EmailList.Bench;

/// <summary>
/// What one POST /mail costs the send API process: allocated bytes, CPU and GC per request, counted by the
/// process itself, so other load on the machine changes the timings but not the allocation figure.
/// </summary>
public static class CostMeasurement
{
    private const int Concurrency = 4;

    public static async Task<int> RunAsync(BenchEnvironment environment, int requests)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // The counters of the process at rest: what reading them costs is subtracted from the figures below.
        var idleBefore = await environment.SendApiCountersAsync();
        var idleAfter = await environment.SendApiCountersAsync();

        var before = await environment.SendApiCountersAsync();
        var next = 0;
        var failed = 0;
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                try
                {
                    await environment.SendThroughProxyAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    if (Interlocked.Increment(ref failed) <= 3)
                    {
                        Console.Error.WriteLine($"request failed: {e.Message}");
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var after = await environment.SendApiCountersAsync();

        var reading = idleAfter.AllocatedBytes - idleBefore.AllocatedBytes;
        var bytes = (after.AllocatedBytes - before.AllocatedBytes - reading) / (double)requests;
        var cpu = (after.CpuMilliseconds - before.CpuMilliseconds) / requests;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"send API cost over {requests} POST /mail ({Concurrency} in flight, {failed} failed): {bytes:F0} bytes allocated/req ({bytes / 1024:F1} KiB), " +
            $"{cpu:F3} ms CPU/req, GCs gen0 {after.Gen0 - before.Gen0} gen1 {after.Gen1 - before.Gen1} gen2 {after.Gen2 - before.Gen2}, " +
            $"GC pause {after.PauseMilliseconds - before.PauseMilliseconds:F1} ms in all"));
        if (after.LastEphemeral is { } last)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"last ephemeral GC: gen{last.Generation}, promoted {last.PromotedBytes / 1024.0:F0} KiB, heap after {last.HeapSizeBytes / 1048576.0:F1} MiB, pause {last.PauseMilliseconds:F2} ms"));
        }

        return failed == 0 ? 0 : 1;
    }
}
