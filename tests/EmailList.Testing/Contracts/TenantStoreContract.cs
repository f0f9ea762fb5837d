using System.Globalization;
using EmailList.Core.Tenants;

namespace EmailList.Testing.Contracts;

/// <summary>What every <see cref="ITenantStore"/> must do; derive once per implementation. Each test uses its own tenants.</summary>
public abstract class TenantStoreContract
{
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 10, 30, 15, TimeSpan.FromHours(2));

    /// <summary>A store on shared storage; tests never assume it is empty.</summary>
    protected abstract Task<ITenantStore> CreateStoreAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_created_tenant_reads_back_field_for_field()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenant() with
        {
            Status = TenantStatus.Active,
            AwsAccountId = NewAccountId(),
            RoleArn = "arn:aws:iam::123456789012:role/EmailListSender",
            Region = "eu-west-1",
            ConfigurationSetName = "marketing_1",
            AllowSharedAccount = true,
            Forwarding = ForwardingState.NeedsTemplate,
            ForwardingDetail = "The role may not call events:PutRule.",
            CreatedAt = Created.AddTicks(1234567),
            UpdatedAt = Created.AddMinutes(5),
        };

        Assert.True(await store.TryCreateAsync(tenant, None));

        var read = await store.GetAsync(tenant.Id, None);
        Assert.Equal(tenant, read);
        Assert.Equal(tenant.CreatedAt.UtcTicks, read!.CreatedAt.UtcTicks);
    }

    [Fact]
    public async Task A_tenant_without_optional_fields_reads_back_with_them_empty()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenant();

        await store.TryCreateAsync(tenant, None);

        var read = await store.GetAsync(tenant.Id, None);
        Assert.Equal(tenant, read);
        Assert.Equal(TenantStatus.PendingRole, read!.Status);
        Assert.False(read.CanSend);
    }

    [Fact]
    public async Task An_unknown_tenant_reads_as_null()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync(NewTenantId(), None));
    }

    [Fact]
    public async Task Creating_a_taken_id_is_refused_and_keeps_the_first_tenant()
    {
        var store = await CreateStoreAsync();
        var first = NewTenant();
        await store.TryCreateAsync(first, None);

        var created = await store.TryCreateAsync(first with { Name = "Impostor", ExternalId = "attacker-chosen" }, None);

        Assert.False(created);
        Assert.Equal(first, await store.GetAsync(first.Id, None));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_id_let_exactly_one_win()
    {
        var store = await CreateStoreAsync();
        var id = NewTenantId();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.TryCreateAsync(NewTenant(id) with { ExternalId = $"external-{i}" }, None)));

        Assert.Single(results, created => created);
        var winner = Array.IndexOf(results, true);
        Assert.Equal($"external-{winner}", (await store.GetAsync(id, None))!.ExternalId);
    }

    [Fact]
    public async Task An_update_replaces_the_tenants_fields()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenant();
        await store.TryCreateAsync(tenant, None);
        var updated = tenant with
        {
            Name = "Renamed",
            Status = TenantStatus.Active,
            AwsAccountId = NewAccountId(),
            RoleArn = "arn:aws:iam::123456789012:role/Sender",
            Region = "us-west-2",
            ConfigurationSetName = "transactional",
            AllowSharedAccount = true,
            Forwarding = ForwardingState.Configured,
            UpdatedAt = Created.AddDays(1),
        };

        await store.UpdateAsync(updated, None);

        var read = await store.GetAsync(tenant.Id, None);
        Assert.Equal(updated, read);
        Assert.True(read!.CanSend);
    }

    [Fact]
    public async Task An_update_can_clear_optional_fields()
    {
        var store = await CreateStoreAsync();
        var account = NewAccountId();
        var tenant = NewTenant() with { Status = TenantStatus.Active, AwsAccountId = account, RoleArn = "arn:aws:iam::123456789012:role/R", Region = "us-east-1", ConfigurationSetName = "cs", Forwarding = ForwardingState.NeedsTemplate, ForwardingDetail = "why" };
        await store.TryCreateAsync(tenant, None);
        var cleared = tenant with { Status = TenantStatus.Suspended, AwsAccountId = null, RoleArn = null, Region = null, ConfigurationSetName = null, Forwarding = ForwardingState.NotConfigured, ForwardingDetail = null };

        await store.UpdateAsync(cleared, None);

        Assert.Equal(cleared, await store.GetAsync(tenant.Id, None));
        Assert.Empty(await store.FindByAccountAsync(account, None));
    }

    [Fact]
    public async Task An_update_never_changes_the_external_id()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenant();
        await store.TryCreateAsync(tenant, None);

        await store.UpdateAsync(tenant with { ExternalId = "attacker-chosen", Name = "Changed" }, None);

        var read = await store.GetAsync(tenant.Id, None);
        Assert.Equal(tenant.ExternalId, read!.ExternalId);
        Assert.Equal("Changed", read.Name);
    }

    [Fact]
    public async Task An_update_of_an_unknown_tenant_fails_and_creates_nothing()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenant();

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.UpdateAsync(tenant, None));

        Assert.Null(await store.GetAsync(tenant.Id, None));
    }

    [Fact]
    public async Task Tenants_are_found_by_the_AWS_account_of_their_role()
    {
        var store = await CreateStoreAsync();
        var account = NewAccountId();
        var a = NewTenant() with { AwsAccountId = account };
        var b = NewTenant() with { AwsAccountId = account };
        var elsewhere = NewTenant() with { AwsAccountId = NewAccountId() };
        var none = NewTenant();
        foreach (var tenant in new[] { a, b, elsewhere, none })
        {
            await store.TryCreateAsync(tenant, None);
        }

        var found = await store.FindByAccountAsync(account, None);

        Assert.Equal(new[] { a, b }.OrderBy(t => t.Id, StringComparer.Ordinal), found.OrderBy(t => t.Id, StringComparer.Ordinal));
        Assert.Empty(await store.FindByAccountAsync(NewAccountId(), None));
    }

    [Fact]
    public async Task A_tenant_moved_to_another_account_is_found_only_there()
    {
        var store = await CreateStoreAsync();
        var (before, after) = (NewAccountId(), NewAccountId());
        var tenant = NewTenant() with { AwsAccountId = before };
        await store.TryCreateAsync(tenant, None);

        await store.UpdateAsync(tenant with { AwsAccountId = after }, None);

        Assert.Empty(await store.FindByAccountAsync(before, None));
        Assert.Equal(tenant.Id, Assert.Single(await store.FindByAccountAsync(after, None)).Id);
    }

    [Fact]
    public async Task Event_retention_defaults_to_90_days_and_is_kept_and_updated()
    {
        var store = await CreateStoreAsync();
        var standard = NewTenant();
        var custom = NewTenant() with { EventRetentionDays = 30 };
        await store.TryCreateAsync(standard, None);
        await store.TryCreateAsync(custom, None);

        await store.UpdateAsync(standard with { EventRetentionDays = 365 }, None);

        Assert.Equal(90, Tenant.DefaultEventRetentionDays);
        Assert.Equal(30, (await store.GetAsync(custom.Id, None))!.EventRetentionDays);
        Assert.Equal(365, (await store.GetAsync(standard.Id, None))!.EventRetentionDays);
        await store.UpdateAsync(custom with { EventRetentionDays = Tenant.DefaultEventRetentionDays }, None);
        Assert.Equal(90, (await store.GetAsync(custom.Id, None))!.EventRetentionDays);
    }

    [Fact]
    public async Task Writing_one_tenant_leaves_another_untouched()
    {
        var store = await CreateStoreAsync();
        var mine = NewTenant();
        var theirs = NewTenant();
        await store.TryCreateAsync(mine, None);
        await store.TryCreateAsync(theirs, None);

        await store.UpdateAsync(mine with { Name = "Mine, renamed", Status = TenantStatus.Suspended }, None);

        Assert.Equal(theirs, await store.GetAsync(theirs.Id, None));
        Assert.NotEqual(mine.ExternalId, theirs.ExternalId);
    }

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");

    /// <summary>A random 12-digit account, so tests sharing storage never see each other's tenants.</summary>
    protected static string NewAccountId() =>
        Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture);

    protected static Tenant NewTenant(string? id = null) => new()
    {
        Id = id ?? NewTenantId(),
        Name = "Tenant " + Guid.NewGuid().ToString("N")[..6],
        ExternalId = ExternalIdGenerator.Create(),
        CreatedAt = Created,
        UpdatedAt = Created,
    };
}
