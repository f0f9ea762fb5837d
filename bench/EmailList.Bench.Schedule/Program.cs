using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EmailList.Bench.Schedule;

// N mails scheduled for the same second through POST /mail on the embedded default; its dispatcher sends them through
// the sandbox's SES, whose account allows Rate recipients per second. Reports how late the first and the last left,
// the rate held against the account's, SES throttling and duplicates, read back from the sandbox's outbox.
var settings = Settings.Parse(args);
const string accountId = "222222222222"; // the embedded default's demo tenant (StandaloneOptions.DemoAccountId)

await using var run = await StandaloneRun.StartAsync(settings.Standalone);
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var token = (await http.GetFromJsonAsync<JsonObject>($"{run.SendApiUrl}/_dev/token"))!["accessToken"]!.GetValue<string>();
(await http.PutAsJsonAsync($"{run.SandboxUrl}/_sandbox/accounts/{accountId}",
    new { maxSendRate = settings.Rate, max24HourSend = 1_000_000, verifiedIdentities = new[] { "example.com" } })).EnsureSuccessStatusCode();
var before = await AccountStatsAsync();

var due = DateTimeOffset.UtcNow.AddSeconds(settings.Lead);
due = new DateTimeOffset(due.Ticks - (due.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
var dueText = due.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
Console.WriteLine($"Scheduling {settings.Count:N0} mails for {dueText} (sandbox MaxSendRate {settings.Rate}/s)...");

var submitted = Stopwatch.StartNew();
var next = -1;
var failures = 0;
await Task.WhenAll(Enumerable.Range(0, settings.Submitters).Select(async _ =>
{
    using var client = new HttpClient { BaseAddress = new Uri(run.SendApiUrl), Timeout = TimeSpan.FromSeconds(30) };
    client.DefaultRequestHeaders.Authorization = new("Bearer", token);
    for (var i = Interlocked.Increment(ref next); i < settings.Count; i = Interlocked.Increment(ref next))
    {
        using var response = await client.PostAsJsonAsync("/mail", new
        {
            from = "bench@example.com",
            to = new[] { "success@simulator.amazonses.com" },
            subject = $"bench {i}",
            text = "Scheduled by bench/schedule.sh.",
            scheduledAt = dueText,
        });
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref failures);
            Console.Error.WriteLine($"mail {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}));
submitted.Stop();
var margin = due - DateTimeOffset.UtcNow;
Console.WriteLine($"Stored in {submitted.Elapsed.TotalSeconds:F1} s ({settings.Count / submitted.Elapsed.TotalSeconds:F0}/s), {failures} refused, {margin.TotalSeconds:F1} s before the due time.");
if (margin <= TimeSpan.Zero || failures > 0)
{
    Console.Error.WriteLine("Not every mail was stored before its time: raise --lead.");
    return 1;
}

var cpuBefore = run.TotalProcessorTime;
var deadline = DateTimeOffset.UtcNow + margin + TimeSpan.FromSeconds(settings.Count / settings.Rate * 3 + 60);
JsonObject stats;
do
{
    await Task.Delay(250);
    stats = await AccountStatsAsync();
}
while (Accepted(stats) - Accepted(before) < settings.Count && DateTimeOffset.UtcNow < deadline);
var cpu = run.TotalProcessorTime - cpuBefore;

var outbox = (await http.GetFromJsonAsync<JsonArray>($"{run.SandboxUrl}/_sandbox/outbox?accountId={accountId}&limit=10000"))!
    .Select(m => (Subject: (string?)m!["subject"], SentAt: m!["sentAt"]!.GetValue<DateTimeOffset>()))
    .Where(m => m.Subject?.StartsWith("bench ", StringComparison.Ordinal) == true)
    .OrderBy(m => m.SentAt)
    .ToList();
var distinct = outbox.Select(m => m.Subject).Distinct(StringComparer.Ordinal).Count();
var throttled = stats["throttledCalls"]!.GetValue<long>() - before["throttledCalls"]!.GetValue<long>();
if (outbox.Count == 0)
{
    Console.Error.WriteLine($"Nothing was sent.\n{run.Output}");
    return 1;
}

var first = outbox[0].SentAt - due;
var last = outbox[^1].SentAt - due;
var held = outbox.Count > 1 ? (outbox.Count - 1) / (outbox[^1].SentAt - outbox[0].SentAt).TotalSeconds : double.NaN;
var peak = 0;
for (int start = 0, end = 0; end < outbox.Count; end++)
{
    while (outbox[end].SentAt - outbox[start].SentAt >= TimeSpan.FromSeconds(1))
    {
        start++;
    }

    peak = Math.Max(peak, end - start + 1);
}

Console.WriteLine();
Console.WriteLine("| mails | MaxSendRate | first left after due | last left after due | ideal last (N/rate) | rate held | held / MaxSendRate | busiest 1 s | throttled by SES | sent | duplicates | CPU per mail |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {settings.Count:N0} | {settings.Rate}/s | {first.TotalSeconds:F2} s | {last.TotalSeconds:F1} s | {settings.Count / settings.Rate:F1} s | {held:F1}/s | {held / settings.Rate:P1} | {peak} | {throttled} | {distinct:N0} | {outbox.Count - distinct} | {cpu.TotalMilliseconds / Math.Max(outbox.Count, 1):F2} ms |"));
return distinct == settings.Count && outbox.Count == distinct ? 0 : 1;

async Task<JsonObject> AccountStatsAsync()
{
    var all = (await http.GetFromJsonAsync<JsonObject>($"{run.SandboxUrl}/_sandbox/stats"))!;
    return all["perAccount"]?[accountId]?.AsObject() ?? new JsonObject { ["acceptedEmails"] = 0, ["throttledCalls"] = 0 };
}

static long Accepted(JsonObject stats) => stats["acceptedEmails"]!.GetValue<long>();
