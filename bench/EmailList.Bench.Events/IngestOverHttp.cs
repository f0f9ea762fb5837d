using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EmailList.Core.Identifiers;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.EventIngester;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EmailList.Bench.Events;

/// <summary>
/// POST /ses-events as EventBridge's API destination sends them: one event per request, the ingest key, unique ids, the
/// ingester on Kestrel over its embedded store (a fresh SQLite file), several concurrent senders. Measured for a tenant
/// without webhooks (the path as it was before the outbox: no delivery written) and for one whose single webhook wants
/// every type (one outbox row written with each event), alternating rounds so drift in the machine's load hits both.
/// </summary>
public static class IngestOverHttp
{
    private const string Secret = "bench-ingest-key-0123456789-abcdefghijklmnop";

    private static readonly string[] Mix =
        ["send", "delivery", "send", "delivery", "send", "delivery", "open", "click", "bounce", "delivery-delay", "complaint", "reject"];

    public static async Task MeasureAsync(string root, string folder, int count, int writers, int rounds, string webhook)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(EventIngesterExtensions).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:Provider"] = "Sqlite",
            ["Sqlite:ConnectionString"] = $"Data Source={Path.Combine(folder, "http-ingest.db")}",
            ["Ingester:SharedSecret"] = Secret,
        });
        builder.AddServiceDefaults();
        builder.AddEventIngester();
        await using var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        app.MapEventIngester();
        await app.StartAsync();

        var plain = await CreateTenantAsync(app.Services, "tenant-plain", "555000000001");
        var hooked = await CreateTenantAsync(app.Services, "tenant-hooked", "555000000002");
        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<IWebhookStore>().AddAsync(new Webhook
        {
            TenantId = hooked.Id,
            Id = RandomId.New("wh_"),
            Url = new Uri("http://127.0.0.1:9/hook"),
            EventTypes = WebhookEventTypes.All,
            Secret = WebhookSecret.New(),
            CreatedAt = now,
            UpdatedAt = now,
        }, CancellationToken.None);

        var templates = Mix.Select(name => File.ReadAllText(Path.Combine(root, "tests", "EmailList.EventIngester.Tests", "Fixtures", name + ".json"))).ToArray();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = writers, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Add("X-EmailList-Ingest-Key", Secret);

        var modes = webhook switch
        {
            "none" => new[] { (Name: "no webhook", Tenant: plain) },
            "one" => [(Name: "1 webhook, every type", Tenant: hooked)],
            _ => [(Name: "no webhook", Tenant: plain), (Name: "1 webhook, every type", Tenant: hooked)],
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"POST /ses-events over HTTP, one event per request, {writers} concurrent senders, {count:N0} events per run, embedded SQLite store"));
        foreach (var mode in modes)
        {
            // Warm-up: JIT, connection pool, the tenant and webhook caches.
            await SendAsync(client, templates, mode.Tenant, Math.Min(1000, count / 5), writers);
        }

        var results = modes.ToDictionary(m => m.Name, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var mode in round % 2 == 1 ? modes : modes.Reverse())
            {
                var (rate, cpuMs) = await SendAsync(client, templates, mode.Tenant, count, writers);
                results[mode.Name].Add(rate);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round} {mode.Name,-24}: {rate,7:N0} events/s (process CPU {cpuMs:F3} ms/event)"));
            }
        }

        foreach (var (name, rates) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-32} median {Median(rates),7:N0} events/s (runs: {string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))})"));
        }

        if (results.Count == 2)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio with webhook / without: {Median(results[modes[1].Name]) / Median(results[modes[0].Name]):F2} (goal >= 0.9)"));
        }

        var plainRows = await CountDeliveriesAsync(folder, plain.Id);
        var hookedRows = await CountDeliveriesAsync(folder, hooked.Id);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  outbox rows: tenant-plain {plainRows:N0}, tenant-hooked {hookedRows:N0}"));
        await app.StopAsync();
    }

    private static async Task<(double Rate, double CpuMs)> SendAsync(HttpClient client, string[] templates, Tenant tenant, int count, int writers)
    {
        var bodies = Enumerable.Range(0, count).Select(i => Body(templates[i % templates.Length], tenant)).ToArray();
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Length)
            {
                using var content = new ByteArrayContent(bodies[index]);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync("/ses-events", content);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"POST /ses-events answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        })));
        watch.Stop();
        return (count / watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count);
    }

    /// <summary>An AWS sample record in EventBridge's envelope, with a fresh event id and message id, for the tenant's account and tag.</summary>
    private static byte[] Body(string template, Tenant tenant)
    {
        var root = JsonNode.Parse(template)!.AsObject();
        root["id"] = Guid.NewGuid().ToString();
        root["account"] = tenant.AwsAccountId;
        var mail = root["detail"]!["mail"]!.AsObject();
        mail["messageId"] = "0100" + Guid.NewGuid().ToString("N") + "-000000";
        mail["tags"]!["el_tenant"] = new JsonArray(tenant.Id);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static async Task<Tenant> CreateTenantAsync(IServiceProvider services, string id, string account)
    {
        var now = DateTimeOffset.UtcNow;
        var tenant = new Tenant
        {
            Id = id,
            Name = id,
            ExternalId = ExternalIdGenerator.Create(),
            Status = TenantStatus.Active,
            AwsAccountId = account,
            RoleArn = $"arn:aws:iam::{account}:role/EmailListSender",
            Region = "us-east-1",
            CreatedAt = now,
            UpdatedAt = now,
        };
        await services.GetRequiredService<ITenantStore>().TryCreateAsync(tenant, CancellationToken.None);
        return tenant;
    }

    private static async Task<long> CountDeliveriesAsync(string folder, string tenantId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "http-ingest.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM webhook_deliveries WHERE tenant_id = $tenantId;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
