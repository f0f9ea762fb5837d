using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmailList.Core.Identifiers;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.QueryApi;
using EmailList.Testing;
using EmailList.Testing.Auth;
using EmailList.Testing.Hosting;
using EmailList.Testing.Webhooks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.Dispatcher.Tests.Webhooks;

/// <summary>
/// The webhook path over real HTTP: the query API (to create and read webhooks) and the dispatcher (to deliver), each
/// built as its Program.cs builds it, over one SQLite file, and a receiver on loopback standing for tenants' endpoints.
/// </summary>
public sealed class WebhookRig : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emaillist-webhooks-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServiceHost> _dispatchers = [];

    private WebhookRig()
    {
        Directory.CreateDirectory(_folder);
    }

    public TestTokens Tokens { get; } = new();

    public WebhookReceiver Receiver { get; private set; } = null!;

    public ServiceHost Api { get; private set; } = null!;

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "emaillist.db")}";

    public IWebhookStore Webhooks => Api.Services.GetRequiredService<IWebhookStore>();

    public IWebhookDeliveryStore Deliveries => Api.Services.GetRequiredService<IWebhookDeliveryStore>();

    /// <summary>What every service here is configured with (a deployment's environment).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Configuration(bool allowPrivateTargets = true) =>
    [
        .. Tokens.Configuration,
        new("Storage:Provider", "Sqlite"),
        new("Sqlite:ConnectionString", ConnectionString),
        new("Query:CursorKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        new("Webhooks:AllowPrivateTargets", allowPrivateTargets ? "true" : "false"),
        new("Webhooks:Delivery:PollInterval", "00:00:00.050"),
        new("Webhooks:Delivery:Lease", "00:00:08"),
        new("Webhooks:Delivery:Backoff", "00:00:00.200"),
        new("Webhooks:Delivery:MaxBackoff", "00:00:00.500"),
        // Never used (no scheduled mail here), but the dispatcher validates its STS settings at start.
        new("Sts:ServiceUrl", "http://127.0.0.1:9/"),
        new("Sts:AccessKeyId", "AKIAWEBHOOKTESTS0000"),
        new("Sts:SecretAccessKey", "unused"),
        new("Sts:PlatformAccountId", "111111111111"),
        new("Ses:ServiceUrl", "http://127.0.0.1:9/"),
        new("EventBridge:ServiceUrl", "http://127.0.0.1:9/"),
        new("EventBridge:AccessKeyId", "AKIAWEBHOOKTESTS0000"),
        new("EventBridge:SecretAccessKey", "unused"),
        new("Onboarding:PlatformAccountId", "111111111111"),
    ];

    public static async Task<WebhookRig> StartAsync(bool startDispatcher = true)
    {
        var rig = new WebhookRig();
        rig.Receiver = await WebhookReceiver.StartAsync();
        rig.Api = await ServiceHost.StartAsync(typeof(QueryApiExtensions).Assembly.GetName().Name!, b => b.AddQueryApi(), a => a.MapQueryApi(), rig.Configuration());
        if (startDispatcher)
        {
            await rig.StartDispatcherAsync();
        }

        return rig;
    }

    public async Task<ServiceHost> StartDispatcherAsync(bool allowPrivateTargets = true)
    {
        var host = await ServiceHost.StartAsync(typeof(DispatcherExtensions).Assembly.GetName().Name!, b => b.AddDispatcher(), _ => { }, Configuration(allowPrivateTargets));
        _dispatchers.Add(host);
        return host;
    }

    public HttpClient Client(string tenantId, params string[] scopes) =>
        Api.CreateClient(Tokens.ForTenant(tenantId, scopes.Length == 0 ? ["webhooks:write"] : scopes));

    public static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A tenant in the store (enough for webhooks and GET /tenant).</summary>
    public async Task<string> CreateTenantAsync()
    {
        var tenant = new Tenant { Id = NewTenantId(), Name = "Test", ExternalId = ExternalIdGenerator.Create(), CreatedAt = DateTimeOffset.UtcNow };
        Assert.True(await Api.Services.GetRequiredService<ITenantStore>().TryCreateAsync(tenant, CancellationToken.None));
        return tenant.Id;
    }

    /// <summary>Creates a webhook through the API; its id and secret.</summary>
    public async Task<(string Id, string Secret)> CreateWebhookAsync(string tenantId, Uri url, params string[] eventTypes)
    {
        using var client = Client(tenantId);
        using var response = await client.PostAsJsonAsync("/webhooks", new { url = url.AbsoluteUri, eventTypes = eventTypes.Length == 0 ? ["email.delivered"] : eventTypes });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("secret").GetString()!);
    }

    /// <summary>Events in the outbox for the webhook, as the ingester writes them: distinct event ids, due now.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> EnqueueAsync(string tenantId, string webhookId, int count, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var deliveries = Enumerable.Range(0, count).Select(i =>
        {
            var eventId = RandomId.New("evt_");
            return new WebhookDelivery
            {
                TenantId = tenantId,
                Id = TenantWebhooks.DeliveryId(webhookId, eventId),
                WebhookId = webhookId,
                EventType = WebhookEventTypes.EmailDelivered,
                EventId = eventId,
                Payload = $$$"""{"type":"email.delivered","timestamp":"{{{WebhookPayload.Timestamp(at)}}}","data":{"eventId":"{{{eventId}}}","tenant":"{{{tenantId}}}","n":{{{i}}}}}""",
                CreatedAt = at,
                NextAttemptAt = at,
                ExpiresAt = at + WebhookLimits.LogRetention,
            };
        }).ToList();
        Assert.Equal(count, await Deliveries.AddManyAsync(deliveries, CancellationToken.None));
        return deliveries;
    }

    /// <summary>Every delivery of the webhook in the log (all pages).</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> LogAsync(string tenantId, string webhookId)
    {
        var all = new List<WebhookDelivery>();
        string? cursor = null;
        do
        {
            var page = await Deliveries.ListAsync(tenantId, new WebhookDeliveryQuery(webhookId, 100, cursor), CancellationToken.None);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dispatcher in _dispatchers)
        {
            await dispatcher.DisposeAsync();
        }

        await Api.DisposeAsync();
        await Receiver.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
