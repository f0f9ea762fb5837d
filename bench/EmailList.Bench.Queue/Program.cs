using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using EmailList.Core.Tenants;
using EmailList.EventIngester;
using EmailList.EventIngester.Events;
using EmailList.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: bench/queue.sh [--events 20000] [--pollers 4] [--runs 3]
// The sandbox (SQS stand-in) runs in a child process, so this process's CPU is the ingester's alone.
if (args is ["--serve-sandbox", var url])
{
    var sandbox = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SandboxOptions).Assembly.GetName().Name });
    sandbox.Logging.ClearProviders();
    sandbox.WebHost.UseUrls(url);
    sandbox.AddSandbox();
    var app = sandbox.Build();
    app.MapSandbox();
    await app.RunAsync();
    return;
}

var events = Option("--events", 20_000);
var pollers = Option("--pollers", 4);
var runs = Option("--runs", 3);
var root = RepositoryRoot();
var sandboxUrl = $"http://127.0.0.1:{FreePort()}";
using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["--serve-sandbox", sandboxUrl]) { RedirectStandardOutput = true })!;
try
{
    var options = new SandboxOptions();
    var queueUrl = $"{sandboxUrl}/{options.PlatformAccountId}/{options.Queue.Name}";
    using var sqs = new AmazonSQSClient(new BasicAWSCredentials(options.PlatformAccessKeyId, options.PlatformSecretAccessKey),
        new AmazonSQSConfig { ServiceURL = sandboxUrl, AuthenticationRegion = "us-east-1" });
    await WaitForAsync(async () => { try { await DepthAsync(sqs, queueUrl); return true; } catch (Exception e) when (e is HttpRequestException or AmazonServiceException) { return false; } });

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores; {events:N0} events per run, one per SQS message; {pollers} pollers x 10 messages per receive; SQLite; load average {LoadAverage()}"));
    var templates = new[] { "send.json", "delivery.json" }
        .Select(name => File.ReadAllText(Path.Combine(root, "tests", "EmailList.EventIngester.Tests", "Fixtures", name))).ToArray();
    var (parseMs, bodies) = MeasureParse(templates, 20_000);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SesEventParser alone: {parseMs * 1000:F1} µs CPU per event"));
    Console.WriteLine("run | events/s | ingester CPU ms/event | sandbox CPU ms/event | drain s");
    for (var run = 1; run <= runs; run++)
    {
        var folder = Path.Combine(Path.GetTempPath(), "emaillist-bench-queue-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var account = "5550" + run.ToString("D8", CultureInfo.InvariantCulture);
        var configuration = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Sqlite:ConnectionString"] = $"Data Source={Path.Combine(folder, "emaillist.db")}",
            ["Ingester:SharedSecret"] = "bench-ingest-key-0123456789-abcdefghijklmnop",
        };
        // The tenant exists before the first event (an unknown account's events are dropped).
        var setup = await StartIngesterAsync(configuration);
        await CreateTenantAsync(setup, account);
        await StopAsync(setup);

        // As EventBridge's SQS target: one event per message, filled before the ingester starts (a backlog after an outage).
        await FillAsync(sqs, queueUrl, bodies, account, events);
        var childCpu = Cpu(child);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        configuration["Ingester:Queue:QueueUrl"] = queueUrl;
        configuration["Ingester:Queue:ServiceUrl"] = sandboxUrl;
        configuration["Ingester:Queue:AccessKeyId"] = options.PlatformAccessKeyId;
        configuration["Ingester:Queue:SecretAccessKey"] = options.PlatformSecretAccessKey;
        configuration["Ingester:Queue:Pollers"] = pollers.ToString(CultureInfo.InvariantCulture);
        configuration["Ingester:Queue:WaitTime"] = "00:00:01";
        var ingester = await StartIngesterAsync(configuration);
        await WaitForAsync(async () => await DepthAsync(sqs, queueUrl) == 0);
        watch.Stop();
        await StopAsync(ingester);

        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var sandboxUsed = (Cpu(child) - childCpu).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run,3} | {events / watch.Elapsed.TotalSeconds,8:N0} | {used / events,21:F3} | {sandboxUsed / events,20:F3} | {watch.Elapsed.TotalSeconds,7:F1}"));
        // The same events straight into SesEventIngestor (no SQS, parsing done beforehand): what storing alone costs.
        configuration.Remove("Ingester:Queue:QueueUrl");
        configuration["Sqlite:ConnectionString"] = $"Data Source={Path.Combine(folder, "direct.db")}";
        var direct = await StartIngesterAsync(configuration);
        await CreateTenantAsync(direct, account);
        var parsed = Enumerable.Range(0, events).Select(i => SesEventParser.ParseBody(Encoding.UTF8.GetBytes(Body(bodies, account, i)), DateTimeOffset.UtcNow, 1)[0]).ToList();
        var ingestor = direct.Services.GetRequiredService<SesEventIngestor>();
        var directCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var directWatch = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, pollers).Select(_ => Task.Run(async () =>
        {
            int start;
            while ((start = Interlocked.Add(ref next, 10) - 9) < events)
            {
                await ingestor.IngestAsync(parsed.GetRange(start, Math.Min(10, events - start)), CancellationToken.None);
            }
        })));
        directWatch.Stop();
        var directUsed = (Process.GetCurrentProcess().TotalProcessorTime - directCpu).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    SesEventIngestor alone (parsed, {pollers} writers x 10): {events / directWatch.Elapsed.TotalSeconds:N0} events/s, {directUsed / events:F3} ms CPU/event"));
        await StopAsync(direct);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
finally
{
    child.Kill(entireProcessTree: true);
}

int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

static async Task<WebApplication> StartIngesterAsync(Dictionary<string, string?> configuration)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(EventIngesterExtensions).Assembly.GetName().Name, EnvironmentName = "Production" });
    builder.Configuration.AddInMemoryCollection(configuration);
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.AddServiceDefaults();
    builder.AddEventIngester();
    var app = builder.Build();
    app.UseServiceDefaults();
    app.MapDefaultEndpoints();
    app.MapEventIngester();
    await app.StartAsync();
    return app;
}

static Task<bool> CreateTenantAsync(WebApplication app, string account) =>
    app.Services.GetRequiredService<ITenantStore>().TryCreateAsync(new Tenant
    {
        Id = "t-bench",
        Name = "bench",
        ExternalId = "el-bench",
        Status = TenantStatus.Active,
        AwsAccountId = account,
        RoleArn = $"arn:aws:iam::{account}:role/EmailListSender",
        Region = "us-east-1",
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    }, CancellationToken.None);

static async Task StopAsync(WebApplication app)
{
    await app.StopAsync();
    await app.DisposeAsync();
}

static async Task FillAsync(IAmazonSQS sqs, string queueUrl, string[] bodies, string account, int count)
{
    var sent = 0;
    var tasks = new List<Task>();
    while (sent < count)
    {
        var entries = new List<SendMessageBatchRequestEntry>();
        for (var i = 0; i < 10 && sent < count; i++, sent++)
        {
            entries.Add(new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), Body(bodies, account, sent)));
        }

        tasks.Add(sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }));
        if (tasks.Count == 16)
        {
            await Task.WhenAll(tasks);
            tasks.Clear();
        }
    }

    await Task.WhenAll(tasks);
}

// One SES event as EventBridge delivers it: a fixture with its own id and message id, of the bench tenant's account.
static string Body(string[] templates, string account, int index)
{
    var body = JsonNode.Parse(templates[index % templates.Length])!.AsObject();
    body["id"] = Guid.NewGuid().ToString();
    body["account"] = account;
    body["detail"]!["mail"]!["messageId"] = $"0100{index / 2:D12}-bench-000000";
    body["detail"]!["mail"]!["tags"]!["el_tenant"] = new JsonArray("t-bench");
    return body.ToJsonString();
}

static (double MsPerEvent, string[] Bodies) MeasureParse(string[] templates, int count)
{
    var encoded = templates.Select(Encoding.UTF8.GetBytes).ToArray();
    for (var i = 0; i < 2_000; i++)
    {
        SesEventParser.ParseBody(encoded[i % encoded.Length], DateTimeOffset.UtcNow, 1);
    }

    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < count; i++)
    {
        SesEventParser.ParseBody(encoded[i % encoded.Length], DateTimeOffset.UtcNow, 1);
    }

    return ((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count, templates);
}

static async Task<int> DepthAsync(IAmazonSQS sqs, string queueUrl)
{
    var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
    {
        QueueUrl = queueUrl,
        AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    });
    return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
}

static async Task WaitForAsync(Func<Task<bool>> condition)
{
    var watch = Stopwatch.StartNew();
    while (!await condition())
    {
        if (watch.Elapsed > TimeSpan.FromMinutes(10))
        {
            throw new TimeoutException("The queue did not drain within 10 minutes.");
        }

        await Task.Delay(50);
    }
}

static TimeSpan Cpu(Process process)
{
    process.Refresh();
    return process.TotalProcessorTime;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EmailList.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
