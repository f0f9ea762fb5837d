using System.Diagnostics;
using System.Globalization;
using EmailList.Aws.Dynamo;
using EmailList.Bench.Events;
using EmailList.Core.Events;
using EmailList.Core.Webhooks;
using EmailList.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Usage: bench/events.sh [--ingest 20000] [--dynamo-ingest 5000] [--writers 8] [--load 1000000] [--queries 1000] [--keep DIR]
//        [--mode all|http] [--http-ingest 20000] [--webhook none|one|both] [--rounds 3]
var settings = Settings.Parse(args);
var root = RepositoryRoot();
var folder = settings.Keep ?? Path.Combine(Path.GetTempPath(), "emaillist-bench-events-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Environment.ProcessorCount} cores; {settings.Writers} concurrent writers; SQLite files in {folder}"));
try
{
    if (settings.Mode == "outbox")
    {
        // The store alone: the same events with no delivery and with one (a webhook wanting every type), alternating.
        await using var outbox = OpenSqlite(Path.Combine(folder, "outbox.db"));
        var plain = new EventGenerator("tenant-plain", 7, Start());
        var hooked = new EventGenerator("tenant-hooked", 8, Start());
        // Alternating which goes first, so a file that grows (and checkpoints) hits both alike.
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var withDelivery in round % 2 == 1 ? new[] { false, true } : [true, false])
            {
                await IngestAsync(withDelivery ? "SQLite, 1 webhook (1 outbox row/event)" : "SQLite, no webhook", outbox,
                    withDelivery ? hooked : plain, settings.Ingest, settings.Writers, withDelivery);
            }
        }

        return 0;
    }

    if (settings.Mode == "http")
    {
        await IngestOverHttp.MeasureAsync(root, folder, settings.HttpIngest > 0 ? settings.HttpIngest : 20_000, settings.Writers, settings.Rounds, settings.Webhook);
        return 0;
    }

    // (a) Ingest through IEventStore.TryAddAsync: one event per call, several writers, as the ingester calls it.
    await using (var sqlite = OpenSqlite(Path.Combine(folder, "ingest.db")))
    {
        await IngestAsync("SQLite (empty file)", sqlite, new EventGenerator("tenant-ingest", 1, Start()), settings.Ingest, settings.Writers);
    }

    if (settings.DynamoIngest > 0)
    {
        await using var dynalite = await Dynalite.StartAsync(root);
        var options = new DynamoDbOptions
        {
            ServiceUrl = dynalite.ServiceUrl,
            AccessKeyId = "local",
            SecretAccessKey = "local",
            TablePrefix = "bench-",
            CreateTables = true,
            RequireTimeToLive = false,
        };
        using var client = DynamoDbServiceCollectionExtensions.CreateClient(options);
        var tables = new DynamoDbTables(Options.Create(options));
        await new DynamoDbTableInitializer(client, tables, Options.Create(options), TimeProvider.System, NullLogger<DynamoDbTableInitializer>.Instance)
            .EnsureTablesAsync(CancellationToken.None);
        var dynamo = new DynamoDbEventStore(client, tables, TimeProvider.System);
        await IngestAsync("DynamoDB (dynalite, in memory)", dynamo, new EventGenerator("tenant-ingest", 2, Start()), settings.DynamoIngest, settings.Writers);
    }

    // (b) One tenant with settings.Load events, loaded through the bulk path (ImportAsync: the same per-event code, 5,000 events per transaction).
    await using var big = OpenSqlite(Path.Combine(folder, "million.db"));
    var tenant = new EventGenerator("tenant-big", 3, Start());
    var neighbour = new EventGenerator("tenant-small", 4, Start());
    var loadCpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var loaded = 0;
    if (settings.Keep is not null && (await big.QueryAsync("tenant-big", new EventQuery(Limit: 1), CancellationToken.None)).Items.Count > 0)
    {
        Console.WriteLine("million.db is already loaded (--keep): the load is skipped.");
        loaded = settings.Load;
    }

    while (loaded < settings.Load)
    {
        var batch = Enumerable.Range(0, Math.Min(5000, settings.Load - loaded)).Select(_ => tenant.Next()).ToList();
        // Another tenant's events interleaved (1 in 10), so the big tenant's rows are not alone in the indexes.
        batch.AddRange(Enumerable.Range(0, batch.Count / 10).Select(_ => neighbour.Next()));
        await big.ImportAsync(batch, CancellationToken.None);
        loaded += batch.Count - batch.Count / 11;
        if (loaded % 100_000 < 5000)
        {
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"\rloading: {loaded:N0} events for tenant-big ({loaded / watch.Elapsed.TotalSeconds:N0}/s)   "));
        }
    }

    Console.WriteLine();
    Console.WriteLine(watch.Elapsed < TimeSpan.FromSeconds(1) ? "" : string.Create(CultureInfo.InvariantCulture,
        $"bulk load: {loaded:N0} events for tenant-big (+{loaded / 10:N0} for tenant-small) in {watch.Elapsed.TotalSeconds:F0} s, {loaded * 1.1 / watch.Elapsed.TotalSeconds:N0} events/s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - loadCpu).TotalMilliseconds / (loaded * 1.1):F3} ms/event); file {new FileInfo(Path.Combine(folder, "million.db")).Length / 1048576.0:N0} MiB"));

    Console.WriteLine();
    Console.WriteLine("QueryAsync first page (limit 50), tenant-big            |  calls | p50 ms | p90 ms | p99 ms | max ms | rows");
    var random = new Random(5);
    await MeasureAsync("no filter", settings.Queries, () => big.QueryAsync("tenant-big", new EventQuery(Limit: 50), CancellationToken.None));
    await MeasureAsync("type = Bounce (5 % of events)", settings.Queries, () =>
        big.QueryAsync("tenant-big", new EventQuery(Types: new HashSet<SesEventType> { SesEventType.Bounce }, Limit: 50), CancellationToken.None));
    await MeasureAsync("types = Bounce, Complaint", settings.Queries, () =>
        big.QueryAsync("tenant-big", new EventQuery(Types: new HashSet<SesEventType> { SesEventType.Bounce, SesEventType.Complaint }, Limit: 50), CancellationToken.None));
    await MeasureAsync("recipient (random of 50,000)", settings.Queries, () =>
        big.QueryAsync("tenant-big", new EventQuery(Recipient: EventGenerator.Recipient(random.Next(50_000)), Limit: 50), CancellationToken.None));
    await MeasureAsync("last 24 hours, type = Delivery", settings.Queries, () =>
        big.QueryAsync("tenant-big", new EventQuery(From: Start().AddDays(27), Types: new HashSet<SesEventType> { SesEventType.Delivery }, Limit: 50), CancellationToken.None));
    await MeasureAsync("tag campaign = campaign-3", settings.Queries, () =>
        big.QueryAsync("tenant-big", new EventQuery(TagName: "campaign", TagValue: "campaign-3", Limit: 50), CancellationToken.None));
    var page = await big.QueryAsync("tenant-big", new EventQuery(Limit: 50), CancellationToken.None);
    await MeasureAsync("page 2 (with the cursor of page 1)", settings.Queries, () =>
        big.QueryAsync("tenant-big", new EventQuery(Limit: 50, Cursor: page.NextCursor), CancellationToken.None));

    Console.WriteLine();
    await QueryApiFirstPage.MeasureAsync(Path.Combine(folder, "million.db"), "tenant-big", settings.Queries);

    Console.WriteLine();
    await IngestAsync("SQLite (holding the 1,000,000 events)", big, new EventGenerator("tenant-big", 6, Start().AddDays(40)), settings.Ingest, settings.Writers);
    if (settings.HttpIngest > 0)
    {
        Console.WriteLine();
        await IngestOverHttp.MeasureAsync(root, folder, settings.HttpIngest, settings.Writers, settings.Rounds, settings.Webhook);
    }

    return 0;
}
finally
{
    SqliteConnection.ClearAllPools();
    if (settings.Keep is null)
    {
        Directory.Delete(folder, recursive: true);
    }
}

static DateTimeOffset Start() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

static SqliteEventStore OpenSqlite(string path) => new(new SqliteDatabase(
    Options.Create(new SqliteOptions { ConnectionString = $"Data Source={path}" }), TimeProvider.System, NullLogger<SqliteDatabase>.Instance));

static async Task IngestAsync(string name, IEventStore store, EventGenerator generator, int count, int writers, bool withDelivery = false)
{
    IReadOnlyList<WebhookDelivery> Deliveries(SesEvent sesEvent) => withDelivery
        ? TenantWebhooks.Deliveries(
            [new Webhook { TenantId = sesEvent.TenantId, Id = "wh_bench", Url = new Uri("https://hooks.example.com/"), EventTypes = WebhookEventTypes.All, Secret = "whsec_x", CreatedAt = sesEvent.ReceivedAt, UpdatedAt = sesEvent.ReceivedAt }],
            WebhookEventTypes.Of(sesEvent.Type), sesEvent.EventId, WebhookPayload.ForEvent(sesEvent), DateTimeOffset.UtcNow)
        : [];

    var warmUp = Enumerable.Range(0, Math.Min(1000, count / 10)).Select(_ => generator.Next()).ToList();
    foreach (var sesEvent in warmUp)
    {
        await store.TryAddAsync(sesEvent, Deliveries(sesEvent), CancellationToken.None);
    }

    var events = Enumerable.Range(0, count).Select(_ => generator.Next()).ToArray();
    var next = -1;
    var stored = 0;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
    {
        int index;
        while ((index = Interlocked.Increment(ref next)) < events.Length)
        {
            if (await store.TryAddAsync(events[index], Deliveries(events[index]), CancellationToken.None))
            {
                Interlocked.Increment(ref stored);
            }
        }
    })));
    watch.Stop();
    var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ingest {name,-40}: {stored:N0} events in {watch.Elapsed.TotalSeconds:F1} s = {stored / watch.Elapsed.TotalSeconds:N0} events/s (bench process CPU {cpuMs / Math.Max(1, stored):F3} ms/event)"));
}

static async Task MeasureAsync(string name, int calls, Func<Task<EventPage>> query)
{
    for (var i = 0; i < 50; i++)
    {
        await query();
    }

    var latencies = new double[calls];
    var rows = 0L;
    for (var i = 0; i < calls; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var page = await query();
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        rows += page.Items.Count;
    }

    Array.Sort(latencies);
    double At(double q) => latencies[Math.Min(calls - 1, (int)Math.Ceiling(q * calls) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name,-54} | {calls,6} | {At(0.5),6:F2} | {At(0.9),6:F2} | {At(0.99),6:F2} | {latencies[^1],6:F2} | {rows / (double)calls:F0}"));
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "EmailList.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("EmailList.sln not found above " + AppContext.BaseDirectory);
}
