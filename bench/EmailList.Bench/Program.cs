using EmailList.Bench;

// Usage: dotnet run -c Release --project bench/EmailList.Bench -- [--rate 500] [--seconds 20] [--redis 127.0.0.1:6390]
var settings = BenchSettings.Parse(args);
await using var environment = await BenchEnvironment.StartAsync(settings);

Console.WriteLine($"Open loop at {settings.Rate} requests/s, {settings.Seconds} s per phase after {settings.WarmupSeconds} s warm-up; redis: {settings.Redis ?? "none (in-process caches)"}");
var direct = await LoadRunner.RunAsync("direct to sandbox (SES SendEmail)", environment.SendDirectAsync, settings);
var before = await environment.SnapshotAsync();
var proxy = await LoadRunner.RunAsync("POST /mail via send API", environment.SendThroughProxyAsync, settings);
var after = await environment.SnapshotAsync();
var proxied = settings.Rate * (settings.WarmupSeconds + settings.Seconds);

Console.WriteLine();
Console.WriteLine(LatencySummary.Header);
Console.WriteLine(direct.ToRow());
Console.WriteLine(proxy.ToRow());
Console.WriteLine($"proxy overhead: p50 {proxy.P50 - direct.P50:F2} ms, p99 {proxy.P99 - direct.P99:F2} ms");
Console.WriteLine($"STS AssumeRole calls during the proxy phase ({proxied} requests): {after.AssumeRoleCalls - before.AssumeRoleCalls}");
Console.WriteLine(after.RedisCommands is { } end && before.RedisCommands is { } start
    ? $"Redis commands per proxied request: {(end - start - 1) / (double)proxied:F2}"
    : "Redis commands per proxied request: n/a (no Redis)");
return proxy.Failed + direct.Failed == 0 ? 0 : 1;
