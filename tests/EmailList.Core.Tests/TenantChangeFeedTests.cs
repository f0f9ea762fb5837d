using EmailList.Core.Credentials;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Core.Tests;

public sealed class TenantChangeFeedTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_change_makes_the_directory_read_the_store_again_before_its_cache_expires()
    {
        var store = new CountingTenantStore(new Tenant { Id = "acme", Name = "Acme", ExternalId = "x", Status = TenantStatus.Active });
        var feed = new TenantChangeFeed();
        var directory = new TenantDirectory(store, Options.Create(new TenantDirectoryOptions { CacheDuration = TimeSpan.FromMinutes(5) }), _time, feed);
        await directory.GetAsync("acme", default);
        await directory.GetAsync("acme", default);
        Assert.Equal(1, store.Reads);

        store.Current = store.Current with { Status = TenantStatus.PendingRole, RoleArn = null };
        feed.Raise("acme");

        Assert.Equal(TenantStatus.PendingRole, (await directory.GetAsync("acme", default))!.Status);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task A_change_makes_the_broker_forget_its_in_process_credentials()
    {
        var sts = new CountingRoleAssumer(_time);
        var feed = new TenantChangeFeed();
        var broker = new TenantCredentialBroker(sts, new NoCredentialCache(), Options.Create(new CredentialBrokerOptions()), _time,
            NullLogger<TenantCredentialBroker>.Instance, feed);
        var tenant = new Tenant { Id = "acme", Name = "Acme", ExternalId = "x", RoleArn = "arn:aws:iam::222222222222:role/R", Region = "us-east-1", Status = TenantStatus.Active };
        await broker.GetCredentialsAsync(tenant, default);

        feed.Raise("acme");
        await broker.GetCredentialsAsync(tenant, default);

        Assert.Equal(2, sts.Calls);
    }

    [Fact]
    public async Task A_change_to_any_tenant_empties_the_directory()
    {
        var store = new CountingTenantStore(new Tenant { Id = "acme", Name = "Acme", ExternalId = "x", Status = TenantStatus.Active });
        var feed = new TenantChangeFeed();
        var directory = new TenantDirectory(store, Options.Create(new TenantDirectoryOptions { CacheDuration = TimeSpan.FromMinutes(5) }), _time, feed);
        await directory.GetAsync("acme", default);

        feed.RaiseAll();
        await directory.GetAsync("acme", default);

        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public void Every_subscriber_hears_every_change()
    {
        var feed = new TenantChangeFeed();
        var heard = new List<string>();
        feed.Subscribe(id => heard.Add("a:" + id));
        feed.Subscribe(id => heard.Add("b:" + id));

        feed.Raise("acme");

        Assert.Equal(["a:acme", "b:acme"], heard);
    }

    private sealed class CountingTenantStore(Tenant tenant) : ITenantStore
    {
        public Tenant Current { get; set; } = tenant;

        public int Reads { get; private set; }

        public Task<bool> TryCreateAsync(Tenant tenant, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult<Tenant?>(tenantId == Current.Id ? Current : null);
        }

        public Task UpdateAsync(Tenant tenant, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<Tenant>> FindByAccountAsync(string awsAccountId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Tenant>>([]);
    }
}
