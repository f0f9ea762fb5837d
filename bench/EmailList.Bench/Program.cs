using EmailList.Bench;

// Usage: bench/run.sh [--rate 500] [--seconds 40] [--slices 10] [--warmup 5]   (run.sh starts a Redis and adds --redis)
//        bench/run.sh --cost 20000 [--warmup 5]   allocations and CPU per POST /mail in the send API process, no timings
//        dotnet run -c Release --project bench/EmailList.Bench -- --pieces 20000   allocations of each piece of the send path, in process
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
await LoadRunner.WarmUpAsync(environment.SendDirectAsync, settings);
await LoadRunner.WarmUpAsync(environment.SendThroughProxyAsync, settings);

var before = await environment.SnapshotAsync();
var (direct, proxy) = await LoadRunner.RunInterleavedAsync(
    ("direct to sandbox (SES SendEmail)", environment.SendDirectAsync),
    ("POST /mail via send API", environment.SendThroughProxyAsync),
    settings,
    environment.SendApiProcess);
var after = await environment.SnapshotAsync();
var proxied = proxy.Completed + proxy.Failed;

Console.WriteLine();
Console.WriteLine(LatencySummary.Header);
Console.WriteLine(direct.ToRow());
Console.WriteLine(proxy.ToRow());
Console.WriteLine(direct.ToCostRow());
Console.WriteLine(proxy.ToCostRow());
Console.WriteLine($"proxy overhead: p50 {proxy.P50 - direct.P50:F2} ms, p90 {proxy.P90 - direct.P90:F2} ms, p99 {proxy.P99 - direct.P99:F2} ms");
Console.WriteLine($"STS AssumeRole calls while measuring ({proxied} proxied requests): {after.AssumeRoleCalls - before.AssumeRoleCalls}");
Console.WriteLine(after.RedisCommands is { } end && before.RedisCommands is { } start
    ? $"Redis commands per proxied request: {(end - start - 1) / (double)proxied:F2}"
    : "Redis commands per proxied request: n/a (no Redis)");
return proxy.Failed + direct.Failed == 0 ? 0 : 1;
