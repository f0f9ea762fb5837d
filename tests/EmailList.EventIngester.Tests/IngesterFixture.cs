using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EmailList.Core.Events;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

/// <summary>
/// One ingester on Kestrel over a SQLite file in a fresh temporary folder, with the event and suppression stores
/// wrapped so a test can make them fail.
/// </summary>
public sealed class IngesterFixture : IAsyncLifetime
{
    public const string Secret = "test-ingest-key-0123456789-abcdefghijklmnop";

    private long _accounts;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "emaillist-ingester-" + Guid.NewGuid().ToString("N"));

    public IngesterHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IEventStore Events => Host.Services.GetRequiredService<IEventStore>();

    public FlakyEventStore FlakyEvents => Host.Services.GetRequiredService<FlakyEventStore>();

    public FlakySuppressionStore FlakySuppressions => Host.Services.GetRequiredService<FlakySuppressionStore>();

    public ISuppressionStore Suppressions => Host.Services.GetRequiredService<ISuppressionStore>();

    public async Task InitializeAsync()
    {
        Host = await IngesterHost.StartAsync(Configuration(), services => services
            .Decorate<IEventStore, FlakyEventStore>(inner => new FlakyEventStore(inner))
            .Decorate<ISuppressionStore, FlakySuppressionStore>(inner => new FlakySuppressionStore(inner)));
        Client = Host.CreateIngestClient(Secret);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    public IEnumerable<KeyValuePair<string, string?>> Configuration() =>
    [
        new("Storage:Provider", "Sqlite"),
        new("Sqlite:ConnectionString", $"Data Source={Path.Combine(Folder, "emaillist.db")}"),
        new("Ingester:SharedSecret", Secret),
        new("Ingester:MaxBatchSize", "10"),
        new("Ingester:TransientBounceThreshold", "3"),
    ];

    /// <summary>A fresh AWS account id, so tests never see each other's tenants.</summary>
    public string NewAccountId() => (444_000_000_000L + Interlocked.Increment(ref _accounts)).ToString(CultureInfo.InvariantCulture);

    public async Task<Tenant> CreateTenantAsync(string? accountId = null, int retentionDays = Tenant.DefaultEventRetentionDays)
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        accountId ??= NewAccountId();
        var tenant = new Tenant
        {
            Id = id,
            Name = "Tenant " + id,
            ExternalId = ExternalIdGenerator.Create(),
            Status = TenantStatus.Active,
            AwsAccountId = accountId,
            RoleArn = $"arn:aws:iam::{accountId}:role/EmailListSender",
            Region = "us-east-1",
            EventRetentionDays = retentionDays,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True(await Host.Services.GetRequiredService<ITenantStore>().TryCreateAsync(tenant, CancellationToken.None));
        return tenant;
    }

    /// <summary>A fixture event of the tenant's, with an id and message id of its own.</summary>
    public static JsonObject EventOf(Tenant tenant, string fixture, string? messageId = null) =>
        SesEventFixtures.Event(fixture, Guid.NewGuid().ToString(), tenant.AwsAccountId, tenant.Id, messageId ?? NewMessageId());

    public static string NewMessageId() => "0100" + Guid.NewGuid().ToString("N") + "-000000";

    public Task<HttpResponseMessage> PostAsync(JsonNode body, HttpClient? client = null) => PostAsync(body.ToJsonString(), client);

    public Task<HttpResponseMessage> PostAsync(string body, HttpClient? client = null) =>
        (client ?? Client).PostAsync("/ses-events", new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
}
