using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EmailList.Core.Identifiers;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.Dispatcher;
using EmailList.EventIngester;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: bench/webhooks.sh [--rate 1000] [--seconds 20] [--writers 16]
// The ingester (Kestrel, embedded SQLite) takes SES events over HTTP as EventBridge sends them, one per request, at a
// fixed rate, for a tenant whose one webhook wants every type; the dispatcher (same file) delivers them to a local
// receiver. Prints events/s ingested and delivered per second, and how long the backlog took to drain.
var rate = Option("--rate", 1000);
var seconds = Option("--seconds", 20);
var writers = Option("--writers", 16);
const string secret = "bench-ingest-key-0123456789-abcdefghijklmnop";
var root = RepositoryRoot();
var folder = Path.Combine(Path.GetTempPath(), "emaillist-bench-webhooks-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
var database = $"Data Source={Path.Combine(folder, "webhooks.db")}";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {rate:N0} events/s for {seconds} s, {writers} senders; SQLite in {folder}"));

// The receiver: counts each POST and each distinct webhook-id.
var received = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
var posts = 0L;
var receiverBuilder = WebApplication.CreateSlimBuilder();
receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
receiverBuilder.Logging.ClearProviders();
await using var receiver = receiverBuilder.Build();
receiver.MapPost("/hook", async (HttpContext http) =>
{
    using var reader = new StreamReader(http.Request.Body);
    await reader.ReadToEndAsync();
    Interlocked.Increment(ref posts);
    received.TryAdd(http.Request.Headers["webhook-id"].ToString(), 0);
    return Results.Ok();
});
await receiver.StartAsync();
var receiverUrl = new Uri(Address(receiver), "/hook");

var configuration = new Dictionary<string, string?>
{
    ["Logging:LogLevel:Default"] = "Warning",
    ["Urls"] = "http://127.0.0.1:0",
    ["Storage:Provider"] = "Sqlite",
    ["Sqlite:ConnectionString"] = database,
    ["Ingester:SharedSecret"] = secret,
    ["Webhooks:AllowPrivateTargets"] = "true",
    ["Sts:ServiceUrl"] = "http://127.0.0.1:9/",
    ["Sts:AccessKeyId"] = "AKIABENCHWEBHOOKS000",
    ["Sts:SecretAccessKey"] = "unused",
    ["Sts:PlatformAccountId"] = "111111111111",
    ["Ses:ServiceUrl"] = "http://127.0.0.1:9/",
};
await using var ingester = await StartAsync(typeof(EventIngesterExtensions), b => b.AddEventIngester(), a => a.MapEventIngester());
await using var dispatcher = await StartAsync(typeof(DispatcherExtensions), b => b.AddDispatcher(), _ => { });

var now = DateTimeOffset.UtcNow;
var tenant = new Tenant
{
    Id = "tenant-hooked",
    Name = "hooked",
    ExternalId = ExternalIdGenerator.Create(),
    Status = TenantStatus.Active,
    AwsAccountId = "555000000002",
    RoleArn = "arn:aws:iam::555000000002:role/EmailListSender",
    Region = "us-east-1",
    CreatedAt = now,
    UpdatedAt = now,
};
await ingester.Services.GetRequiredService<ITenantStore>().TryCreateAsync(tenant, CancellationToken.None);
await ingester.Services.GetRequiredService<IWebhookStore>().AddAsync(new Webhook
{
    TenantId = tenant.Id,
    Id = RandomId.New("wh_"),
    Url = receiverUrl,
    EventTypes = WebhookEventTypes.All,
    Secret = WebhookSecret.New(),
    CreatedAt = now,
    UpdatedAt = now,
}, CancellationToken.None);

string[] mix = ["send", "delivery", "send", "delivery", "send", "delivery", "open", "click", "bounce", "delivery-delay", "complaint", "reject"];
var templates = mix.Select(name => File.ReadAllText(Path.Combine(root, "tests", "EmailList.EventIngester.Tests", "Fixtures", name + ".json"))).ToArray();
var total = rate * seconds;
var bodies = Enumerable.Range(0, total).Select(i => Body(templates[i % templates.Length])).ToArray();
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = writers };
using var client = new HttpClient(handler) { BaseAddress = Address(ingester) };
client.DefaultRequestHeaders.Add("X-EmailList-Ingest-Key", secret);

// Paced: request i leaves at start + i / rate (or as soon after as a sender is free).
var next = -1;
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
var sending = Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < total)
    {
        var due = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due);
        }

        using var content = new ByteArrayContent(bodies[i]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/ses-events", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /ses-events answered {(int)response.StatusCode}");
        }
    }
})));

var perSecond = new List<int>();
var last = 0;
while (!sending.IsCompleted || received.Count < total)
{
    await Task.Delay(1000);
    if (sending.IsFaulted)
    {
        await sending;
    }

    var count = received.Count;
    perSecond.Add(count - last);
    last = count;
    if (clock.Elapsed > TimeSpan.FromSeconds(seconds * 4 + 30))
    {
        Console.WriteLine("gave up waiting for the backlog");
        break;
    }
}

var ingestSeconds = seconds;
var drained = clock.Elapsed;
var during = perSecond.Take(ingestSeconds).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  ingested {total:N0} events at {rate:N0}/s; delivered {received.Count:N0} distinct ({Interlocked.Read(ref posts):N0} POSTs)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  delivered per second while ingesting: median {Median(during):N0}, min {during.DefaultIfEmpty().Min():N0}, max {during.DefaultIfEmpty().Max():N0} (per second: {string.Join(' ', perSecond)})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  all delivered {drained.TotalSeconds:F1} s after the first event ({(drained.TotalSeconds - seconds):F1} s after ingest should have ended); process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / drained.TotalSeconds * 100:F0} % of one core"));
await dispatcher.StopAsync();
await ingester.StopAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
return 0;

async Task<WebApplication> StartAsync(Type service, Action<WebApplicationBuilder> add, Action<WebApplication> map)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = service.Assembly.GetName().Name });
    builder.Configuration.AddInMemoryCollection(configuration);
    builder.AddServiceDefaults();
    add(builder);
    var app = builder.Build();
    app.UseServiceDefaults();
    app.MapDefaultEndpoints();
    map(app);
    await app.StartAsync();
    return app;
}

static Uri Address(WebApplication app) => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

byte[] Body(string template)
{
    var json = JsonNode.Parse(template)!.AsObject();
    json["id"] = Guid.NewGuid().ToString();
    json["account"] = tenant.AwsAccountId;
    var mail = json["detail"]!["mail"]!.AsObject();
    mail["messageId"] = "0100" + Guid.NewGuid().ToString("N") + "-000000";
    mail["tags"]!["el_tenant"] = new JsonArray(tenant.Id);
    return Encoding.UTF8.GetBytes(json.ToJsonString());
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Median(List<int> values)
{
    if (values.Count == 0)
    {
        return 0;
    }

    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
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

    throw new InvalidOperationException("Run from a clone of the repository.");
}
