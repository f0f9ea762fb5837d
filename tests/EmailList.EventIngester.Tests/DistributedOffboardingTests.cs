using System.Security.Cryptography;
using EmailList.Core.Tenants;
using EmailList.Testing;
using EmailList.Testing.Redis;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace EmailList.EventIngester.Tests;

/// <summary>
/// The distributed setup: an ingester with Redis hears, over the tenant-change channel, of an offboarding done by another
/// instance (the query API's DELETE /tenant/role publishes there), and stops storing the tenant's events within the
/// pub/sub latency, long before its tenant cache would expire.
/// </summary>
public sealed class DistributedOffboardingTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emaillist-ingester-redis-" + Guid.NewGuid().ToString("N"));
    private IngesterHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await IngesterHost.StartAsync(
        [
            new("Storage:Provider", "Sqlite"),
            new("Sqlite:ConnectionString", $"Data Source={Path.Combine(_folder, "emaillist.db")}"),
            new("Ingester:SharedSecret", IngesterFixture.Secret),
            new("ConnectionStrings:redis", redis.ConnectionString),
            new("CredentialEncryption:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            // Far longer than the wait below: only the change notice can make the ingester see the offboarding in time.
            new("Tenants:CacheDuration", "00:10:00"),
        ]);
        _client = _host.CreateIngestClient(IngesterFixture.Secret);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_offboarding_published_by_another_instance_stops_the_tenants_events_from_being_stored()
    {
        var store = _host.Services.GetRequiredService<ITenantStore>();
        var accountId = "555" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tenant = new Tenant
        {
            Id = "t-" + Guid.NewGuid().ToString("N")[..12],
            Name = "Distributed",
            ExternalId = ExternalIdGenerator.Create(),
            Status = TenantStatus.Active,
            AwsAccountId = accountId,
            RoleArn = $"arn:aws:iam::{accountId}:role/EmailListSender",
            Region = "us-east-1",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True(await store.TryCreateAsync(tenant, CancellationToken.None));
        Assert.Equal((1, 0, 0), await (await Post(tenant)).CountsAsync());

        // What another instance's DELETE /tenant/role does: store the tenant without its role, then announce the change.
        await store.UpdateAsync(tenant with { RoleArn = null, Status = TenantStatus.PendingRole }, CancellationToken.None);
        await using (var publisher = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal("el:tenant-changes"), tenant.Id);
        }

        await Eventually.ValueAsync(
            async () =>
            {
                var counts = await (await Post(tenant)).CountsAsync();
                return (counts == (0, 0, 1), counts);
            },
            "an event of the offboarded tenant being dropped instead of stored");
    }

    private Task<HttpResponseMessage> Post(Tenant tenant) =>
        _client.PostAsync("/ses-events", new StringContent(IngesterFixture.EventOf(tenant, "delivery").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
}
