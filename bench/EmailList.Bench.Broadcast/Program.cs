using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EmailList.Aws.Dynamo;
using EmailList.Bench.Broadcast;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Tenants;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Auth;
using EmailList.Testing.Dynamo;
using EmailList.Testing.Hosting;
using EmailList.Testing.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

// A broadcast to N subscribed contacts, sent by two dispatcher processes that share a Redis send-rate gate, against the
// sandbox's SES at MaxSendRate. Reports the rate achieved, SES throttling, and - from the sandbox's per-recipient
// counts - how many contacts got it, how many got it twice and how many not at all; with --kill-one, the same after
// one dispatcher is SIGKILLed halfway.
var settings = Settings.Parse(args);
const string accountId = "555500000001";
const string tenantId = "t-bench-broadcast";
const string prefix = "bench-";
const string tablePrefix = "bench-";
var stalledAfter = TimeSpan.FromSeconds(240);
var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);

Console.WriteLine($"Load average at start: {LoadAverage()}");
var dynamo = new DynaliteFixture();
await using var sandbox = SandboxFixture.Create();
await Task.WhenAll(dynamo.InitializeAsync(), sandbox.InitializeAsync());
var services = new List<ServiceProcess>();
try
{
    var dynamoOptions = Microsoft.Extensions.Options.Options.Create(new DynamoDbOptions
    {
        ServiceUrl = dynamo.ServiceUrl,
        Region = DynaliteFixture.Region,
        AccessKeyId = DynaliteFixture.AccessKeyId,
        SecretAccessKey = DynaliteFixture.SecretAccessKey,
        TablePrefix = tablePrefix,
        CreateTables = true,
        RequireTimeToLive = false,
    });
    var tables = new DynamoDbTables(dynamoOptions);
    await new DynamoDbTableInitializer(dynamo.Client, tables, dynamoOptions, TimeProvider.System, NullLogger<DynamoDbTableInitializer>.Instance)
        .EnsureTablesAsync(CancellationToken.None);

    // The tenant as onboarding leaves it: an SES account at the benchmark's rate, a role that trusts the platform.
    var externalId = ExternalIdGenerator.Create();
    var account = await sandbox.CreateTenantAsync(accountId, externalId,
        new SandboxAccountSettings(MaxSendRate: settings.Rate, Max24HourSend: 10_000_000));
    var now = DateTimeOffset.UtcNow;
    if (!await new DynamoDbTenantStore(dynamo.Client, tables).TryCreateAsync(new Tenant
    {
        Id = tenantId,
        Name = "Broadcast benchmark",
        ExternalId = externalId,
        Status = TenantStatus.Active,
        AwsAccountId = account.AccountId,
        RoleArn = account.RoleArn,
        Region = SandboxFixture.Region,
        CreatedAt = now,
        UpdatedAt = now,
    }, CancellationToken.None))
    {
        throw new InvalidOperationException("The tenant already exists in fresh tables.");
    }

    // Every process as a deployment runs it: DynamoDB, one Redis (credentials, suppression cache, the send-rate gate),
    // the sandbox as STS and SES, the same list token key.
    var tokens = new TestTokens();
    var sendApiUrl = $"http://127.0.0.1:{FreePort()}";
    List<KeyValuePair<string, string?>> configuration =
    [
        .. tokens.Configuration,
        new("Storage:Provider", "DynamoDb"),
        new("DynamoDb:ServiceUrl", dynamo.ServiceUrl.AbsoluteUri),
        new("DynamoDb:Region", DynaliteFixture.Region),
        new("DynamoDb:TablePrefix", tablePrefix),
        new("DynamoDb:AccessKeyId", DynaliteFixture.AccessKeyId),
        new("DynamoDb:SecretAccessKey", DynaliteFixture.SecretAccessKey),
        new("DynamoDb:RequireTimeToLive", "false"),
        new("ConnectionStrings:redis", settings.Redis),
        new("CredentialEncryption:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        // The sandbox's endpoints and platform keys; SES retry delays stay at their production defaults.
        .. SandboxAwsConfiguration.For(sandbox).Where(e => !e.Key.StartsWith("Ses:", StringComparison.Ordinal) || e.Key == "Ses:ServiceUrl"),
        new("Lists:PublicBaseUrl", sendApiUrl),
        new("Lists:TokenKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        new("Logging:LogLevel:Default", "Information"),
        new("Logging:LogLevel:Microsoft", "Warning"),
        new("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"),
        new("Logging:LogLevel:System.Net.Http.HttpClient", "Warning"),
    ];

    Console.WriteLine($"Seeding {settings.Count:N0} subscribed contacts into DynamoDB while the send API and two dispatchers start...");
    var starting = Task.WhenAll(
        ServiceProcess.StartAsync("send API", settings.SendApi, sendApiUrl, configuration, "Application started", TimeSpan.FromMinutes(3)),
        ServiceProcess.StartAsync("dispatcher 1", settings.Dispatcher, $"http://127.0.0.1:{FreePort()}", configuration, "Application started", TimeSpan.FromMinutes(3)),
        ServiceProcess.StartAsync("dispatcher 2", settings.Dispatcher, $"http://127.0.0.1:{FreePort()}", configuration, "Application started", TimeSpan.FromMinutes(3)));
    var list = new MailingList
    {
        TenantId = tenantId,
        Id = RandomId.New(ListIds.List),
        Name = "Benchmark list",
        From = "news@example.com",
        DoubleOptIn = false,
        PublicKey = RandomId.New(ListIds.PublicKey),
        CreatedAt = now,
        UpdatedAt = now,
    };
    await new DynamoDbListStore(dynamo.Client, tables).AddAsync(list, CancellationToken.None);
    var seeding = Stopwatch.StartNew();
    await SeedAsync(new DynamoDbContactStore(dynamo.Client, tables, TimeProvider.System), list, settings.Count, settings.Seeders);
    seeding.Stop();
    Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:F0} s ({settings.Count / seeding.Elapsed.TotalSeconds:F0} contacts/s).");
    services.AddRange(await starting);
    var dispatchers = services.Skip(1).ToList();

    using var api = new HttpClient { BaseAddress = new Uri(sendApiUrl), Timeout = TimeSpan.FromSeconds(30) };
    api.DefaultRequestHeaders.Authorization = new("Bearer", tokens.ForTenant(tenantId, "broadcasts:write"));
    using var sandboxHttp = new HttpClient { BaseAddress = sandbox.BaseUrl };
    var dynalite = DynaliteProcess(dynamo.Port);
    var failed = false;
    foreach (var kill in settings.Both ? new[] { false, true } : new[] { settings.KillOne })
    {
        (await sandboxHttp.DeleteAsync($"/_sandbox/recipients?accountId={accountId}")).EnsureSuccessStatusCode();
        failed |= !await RunAsync(kill);
    }

    return failed ? 1 : 0;

    // One broadcast to the whole list; true when every contact got it exactly once.
    async Task<bool> RunAsync(bool kill)
    {
        using var created = await api.PostAsJsonAsync("/broadcasts", new
        {
            listId = list.Id,
            name = kill ? "Benchmark broadcast, one dispatcher killed" : "Benchmark broadcast",
            from = "News <news@example.com>",
            subject = "Hello {{email}}",
            text = "Hi {{email}}, this is the broadcast benchmark. Leave: {{unsubscribe_url}}",
        });
        var broadcastId = (await Ok(created))["id"]!.GetValue<string>();

        var alive = dispatchers.Where(d => !d.HasExited).ToList();
        var cpuBefore = alive.Select(d => d.TotalProcessorTime).ToList();
        var otherCpuBefore = (Self: Process.GetCurrentProcess().TotalProcessorTime, Dynalite: dynalite?.TotalProcessorTime ?? TimeSpan.Zero);
        var statsBefore = await AccountStatsAsync();
        var throttledBefore = alive.Sum(d => d.ThrottledMails);
        var lostBefore = alive.Sum(d => d.LostClaims);
        var loadBefore = LoadAverage();
        using var send = await api.PostAsync($"/broadcasts/{broadcastId}/send", null);
        await Ok(send);
        var sendStarted = DateTimeOffset.UtcNow;
        Console.WriteLine($"Broadcast {broadcastId} sending at {sendStarted:HH:mm:ss}{(kill ? ", one dispatcher to be killed halfway" : "")} (sandbox MaxSendRate {settings.Rate}/s, ideal {settings.Count / settings.Rate:F0} s), load {loadBefore}.");

        // Accepted counts once a second: the spread of the rate over 10-second windows.
        var samples = new List<(DateTimeOffset At, long Accepted)>();
        var deadline = sendStarted + TimeSpan.FromSeconds(settings.Count / settings.Rate * 3 + 300);
        ServiceProcess? killed = null;
        TimeSpan killedCpu = default;
        JsonObject broadcast;
        var lastPrint = DateTimeOffset.MinValue;
        var lastGrowth = (At: DateTimeOffset.UtcNow, Accepted: 0L);
        while (true)
        {
            await Task.Delay(1000);
            var stats = await AccountStatsAsync();
            var accepted = Accepted(stats) - Accepted(statsBefore);
            samples.Add((DateTimeOffset.UtcNow, accepted));
            if (accepted != lastGrowth.Accepted)
            {
                lastGrowth = (DateTimeOffset.UtcNow, accepted);
            }
            if (kill && killed is null && accepted >= settings.Count / 2)
            {
                killed = alive[0];
                killedCpu = killed.TotalProcessorTime;
                await killed.KillAsync();
                Console.WriteLine($"SIGKILLed {killed.Name} (pid {killed.Id}) after {accepted:N0} sends, {(DateTimeOffset.UtcNow - sendStarted).TotalSeconds:F0} s in.");
            }

            broadcast = await Ok(await api.GetAsync($"/broadcasts/{broadcastId}"));
            var status = broadcast["status"]!.GetValue<string>();
            if (DateTimeOffset.UtcNow - lastPrint >= TimeSpan.FromSeconds(30))
            {
                lastPrint = DateTimeOffset.UtcNow;
                Console.WriteLine($"  {(lastPrint - sendStarted).TotalSeconds,4:F0} s: {accepted:N0} accepted, broadcast {status} {broadcast["progress"]!.ToJsonString()}, load {LoadAverage()}");
            }

            if (status is "sent" or "cancelled" or "paused" || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }

            // Longer than a lease plus the longest backoff without a send while mail is still queued: it is stuck.
            if (accepted > 0 && DateTimeOffset.UtcNow - lastGrowth.At > stalledAfter)
            {
                Console.WriteLine($"No send for {stalledAfter.TotalSeconds:F0} s with the broadcast still {status}: stopped waiting.");
                break;
            }

            foreach (var service in services.Where(s => s != killed && s.HasExited))
            {
                throw new InvalidOperationException($"The {service.Name} exited:\n{service.Output}");
            }
        }

        var cpu = alive.Select((d, i) => (d == killed ? killedCpu : d.TotalProcessorTime) - cpuBefore[i]).Aggregate(TimeSpan.Zero, (a, b) => a + b);
        var selfCpu = Process.GetCurrentProcess().TotalProcessorTime - otherCpuBefore.Self;
        var dynaliteCpu = (dynalite?.TotalProcessorTime ?? TimeSpan.Zero) - otherCpuBefore.Dynalite;
        await Task.Delay(2000); // a send in flight when the broadcast was counted reaches the tally
        var statsAfter = await AccountStatsAsync();
        var recipients = (await sandboxHttp.GetFromJsonAsync<SandboxRecipients>($"/_sandbox/recipients?accountId={accountId}&prefix={prefix}", json))!;
        var progress = broadcast["progress"]!;
        var span = (recipients.LastAcceptedAt - recipients.FirstAcceptedAt) ?? TimeSpan.Zero;
        var rate = span > TimeSpan.Zero ? recipients.Distinct / span.TotalSeconds : double.NaN;
        var throttledCalls = Throttled(statsAfter) - Throttled(statsBefore);
        var duplicates = recipients.Total - recipients.Distinct;
        var skipped = settings.Count - recipients.Distinct;
        var perMail = (TimeSpan t) => t.TotalMilliseconds / Math.Max(recipients.Distinct, 1);

        Console.WriteLine();
        Console.WriteLine($"Broadcast {broadcast["status"]} after {(DateTimeOffset.UtcNow - sendStarted).TotalSeconds:F0} s; progress {progress.ToJsonString()}.");
        Console.WriteLine($"Mails handed back as throttled by the dispatchers: {alive.Sum(d => d.ThrottledMails) - throttledBefore}; accepted by SES but claim lost before marked sent: {alive.Sum(d => d.LostClaims) - lostBefore}.");
        if (duplicates > 0)
        {
            Console.WriteLine($"Repeated: {recipients.Duplicated.Count} addresses, e.g. {string.Join(", ", recipients.Duplicated.Addresses.Select(a => $"{a.Address} x{a.Count}"))}");
        }

        Console.WriteLine($"10-second windows (between the first and last full one): {Windows(samples, TimeSpan.FromSeconds(10))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per mail elsewhere: dynalite {perMail(dynaliteCpu):F2} ms, bench process (sandbox, polling) {perMail(selfCpu):F2} ms. Load average at start {loadBefore}, at end {LoadAverage()}."));
        Console.WriteLine();
        Console.WriteLine("| contacts | dispatchers | MaxSendRate | first to last send | achieved rate | of MaxSendRate | SES throttles (calls) | distinct sent | duplicates | skipped | dispatcher CPU per mail |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {settings.Count:N0} | {(killed is null ? "2" : "2, one SIGKILLed halfway")} | {settings.Rate}/s | {span.TotalSeconds:F1} s | {rate:F1}/s | {rate / settings.Rate:P1} | {throttledCalls} | {recipients.Distinct:N0} | {duplicates} | {skipped} | {perMail(cpu):F2} ms |"));
        Console.WriteLine();
        return duplicates == 0 && skipped == 0;
    }
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    foreach (var service in services)
    {
        Console.Error.WriteLine($"--- {service.Name} (last lines) ---\n{service.Output}");
    }

    return 2;
}
finally
{
    foreach (var service in services)
    {
        await service.DisposeAsync();
    }

    await dynamo.DisposeAsync();
}

async Task<JsonObject> AccountStatsAsync()
{
    var all = await sandbox.Admin.GetStatsAsync();
    var stats = all.PerAccount.GetValueOrDefault(accountId);
    return new JsonObject { ["accepted"] = stats?.AcceptedEmails ?? 0, ["throttled"] = stats?.ThrottledCalls ?? 0 };
}

static long Accepted(JsonObject stats) => stats["accepted"]!.GetValue<long>();

static long Throttled(JsonObject stats) => stats["throttled"]!.GetValue<long>();

static async Task<JsonObject> Ok(HttpResponseMessage response)
{
    var body = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode
        ? JsonNode.Parse(body)!.AsObject()
        : throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
}

static async Task SeedAsync(IContactStore contacts, MailingList list, int count, int writers)
{
    var next = -1;
    var done = 0;
    await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
        {
            var at = DateTimeOffset.UtcNow;
            var contact = await contacts.GetOrAddAsync(new Contact
            {
                TenantId = list.TenantId,
                Id = RandomId.New(ListIds.Contact),
                Email = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D7}@example.com"),
                CreatedAt = at,
                UpdatedAt = at,
            }, CancellationToken.None);
            await contacts.PutSubscriptionAsync(new Subscription
            {
                TenantId = list.TenantId,
                ListId = list.Id,
                ContactId = contact.Id,
                Email = contact.Email,
                Status = SubscriptionStatus.Subscribed,
                Consent = new ConsentRecord(at, ConsentRoute.Import, Statement: "bench/broadcast.sh"),
                ConfirmedAt = at,
                CreatedAt = at,
                UpdatedAt = at,
            }, CancellationToken.None);
            if (Interlocked.Increment(ref done) % 10_000 == 0)
            {
                Console.WriteLine($"  {done:N0} contacts");
            }
        }
    }));
}

// Rate per window over the steady part (first and last partial windows left out): min / median / max.
static string Windows(List<(DateTimeOffset At, long Accepted)> samples, TimeSpan width)
{
    var rates = new List<double>();
    var start = samples.FindIndex(s => s.Accepted > 0);
    if (start < 0)
    {
        return "none";
    }

    for (var i = start; i < samples.Count; i++)
    {
        var j = samples.FindIndex(i, s => s.At - samples[i].At >= width);
        if (j < 0 || samples[j].Accepted >= samples[^1].Accepted)
        {
            break;
        }

        rates.Add((samples[j].Accepted - samples[i].Accepted) / (samples[j].At - samples[i].At).TotalSeconds);
        i = j - 1;
    }

    if (rates.Count == 0)
    {
        return "too short";
    }

    rates.Sort();
    return string.Create(CultureInfo.InvariantCulture, $"{rates.Count} windows, min {rates[0]:F1}/s, median {rates[rates.Count / 2]:F1}/s, max {rates[^1]:F1}/s");
}

// The dynalite node process listening on the port (DynaliteFixture keeps its process to itself), for its CPU time.
static Process? DynaliteProcess(int port)
{
    foreach (var directory in Directory.EnumerateDirectories("/proc"))
    {
        try
        {
            var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
            var at = Array.IndexOf(commandLine, "--port");
            if (commandLine.Any(a => a.EndsWith("dynalite/cli.js", StringComparison.Ordinal)) && at >= 0 && at + 1 < commandLine.Length
                && commandLine[at + 1] == port.ToString(CultureInfo.InvariantCulture))
            {
                return Process.GetProcessById(int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            // Not a process directory, or the process is gone.
        }
    }

    return null;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
