using EmailList.Bench;

// Usage: bench/run.sh [--rate 500] [--seconds 40] [--slices 10] [--warmup 5]   (run.sh starts a Redis and adds --redis)
//        bench/run.sh --cost 20000 [--warmup 5]   allocations and CPU per POST /mail in the send API process, no timings
//        dotnet run -c Release --project bench/EmailList.Bench -- --pieces 20000   allocations of each piece of the send path, in process
//        bench/run.sh --floor [...]   also times a bare forwarding proxy in its own process, the floor for any proxy here
if (args is [Forwarder.Argument, var listen, var target])
{
    await Forwarder.RunAsync(new Uri(listen), new Uri(target));
    return 0;
}

var settings = BenchSettings.Parse(args);
if (settings.PieceIterations > 0)
{
    await PieceCosts.RunAsync(settings.PieceIterations);
    return 0;
}

// The thread pool keeps its default minimum (one worker per core): the generator never blocks, and on two
// cores 64 eager workers (as before) spun between bursts (sched_yield) on the cores the send API needs.
await using var environment = await BenchEnvironment.StartAsync(settings);
if (settings.CostRequests > 0)
{
    await LoadRunner.WarmUpAsync(environment.SendThroughProxyAsync, settings);
    return await CostMeasurement.RunAsync(environment, settings.CostRequests);
}

Console.WriteLine($"Open loop at {settings.Rate} requests/s; {settings.Seconds} s per path in {settings.Slices} alternating slices, after {settings.WarmupSeconds} s warm-up each; " +
    $"redis: {settings.Redis ?? "none (in-process caches)"}; {Environment.ProcessorCount} cores");

List<(string Name, Func<CancellationToken, Task> Send)> paths =
[
    ("direct to sandbox (SES SendEmail)", environment.SendDirectAsync),
    ("POST /mail via send API", environment.SendThroughProxyAsync),
];
if (settings.Floor)
{
    paths.Add(("SendEmail via bare forwarder", environment.SendThroughForwarderAsync));
}

foreach (var (_, send) in paths)
{
    await LoadRunner.WarmUpAsync(send, settings);
}

var before = await environment.SnapshotAsync();
var results = await LoadRunner.RunInterleavedAsync(paths, settings, environment.SendApiProcess);
var after = await environment.SnapshotAsync();
var (direct, proxy) = (results[0], results[1]);
var proxied = proxy.Completed + proxy.Failed;

Console.WriteLine();
Console.WriteLine(LatencySummary.Header);
foreach (var result in results)
{
    Console.WriteLine(result.ToRow());
}

foreach (var result in results)
{
    Console.WriteLine(result.ToCostRow());
}

Console.WriteLine(Overhead("proxy overhead", proxy, direct));
if (settings.Floor)
{
    Console.WriteLine(Overhead("floor overhead (bare forwarder)", results[2], direct));
    Console.WriteLine(Overhead("send API over the floor", proxy, results[2]));
}

Console.WriteLine($"STS AssumeRole calls while measuring ({proxied} proxied requests): {after.AssumeRoleCalls - before.AssumeRoleCalls}");
Console.WriteLine(after.RedisCommands is { } end && before.RedisCommands is { } start
    ? $"Redis commands per proxied request: {(end - start - 1) / (double)proxied:F2}"
    : "Redis commands per proxied request: n/a (no Redis)");
return results.Sum(r => r.Failed) == 0 ? 0 : 1;

static string Overhead(string label, LatencySummary path, LatencySummary baseline) =>
    $"{label}: p50 {path.P50 - baseline.P50:F2} ms, p90 {path.P90 - baseline.P90:F2} ms, p99 {path.P99 - baseline.P99:F2} ms";
