using EmailList.Core.Events;
using EmailList.Core.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

[Collection(IngesterGroup.Name)]
public sealed class AttributionTests(IngesterFixture fixture) : IDisposable
{
    private readonly DropCounter _drops = new(fixture.Host.Services);

    public void Dispose() => _drops.Dispose();

    [Fact]
    public async Task An_event_of_an_account_that_is_no_tenant_s_is_acknowledged_and_dropped()
    {
        var sesEvent = SesEventFixtures.Event("bounce", Guid.NewGuid().ToString(), fixture.NewAccountId());

        var counts = await (await fixture.PostAsync(sesEvent)).CountsAsync();

        Assert.Equal((0, 0, 1), counts);
        Assert.Equal(1, _drops["unknown_account"]);
    }

    [Fact]
    public async Task Once_a_tenant_s_role_is_removed_its_new_events_are_dropped_even_from_a_warm_cache()
    {
        var tenant = await fixture.CreateTenantAsync();
        Assert.Equal((1, 0, 0), await (await fixture.PostAsync(IngesterFixture.EventOf(tenant, "delivery"))).CountsAsync());
        var store = fixture.Host.Services.GetRequiredService<ITenantStore>();
        // Offboarding as the query API does it when revoking the bus permission failed: role gone, account kept.
        await store.UpdateAsync(tenant with { RoleArn = null, Region = null, Status = TenantStatus.PendingRole }, CancellationToken.None);
        fixture.Host.Services.GetRequiredService<TenantChangeFeed>().Raise(tenant.Id);

        var counts = await (await fixture.PostAsync(IngesterFixture.EventOf(tenant, "delivery"))).CountsAsync();

        Assert.Equal((0, 0, 1), counts);
        Assert.Equal(1, _drops["unknown_account"]);
    }

    [Fact]
    public async Task An_event_tagged_for_another_tenant_than_its_account_s_is_dropped()
    {
        var tenant = await fixture.CreateTenantAsync();
        var other = await fixture.CreateTenantAsync();
        var sesEvent = SesEventFixtures.Event("bounce", Guid.NewGuid().ToString(), tenant.AwsAccountId, other.Id);

        var counts = await (await fixture.PostAsync(sesEvent)).CountsAsync();

        Assert.Equal((0, 0, 1), counts);
        Assert.Equal(1, _drops["tenant_mismatch"]);
        await AssertNothingStored(tenant.Id);
        await AssertNothingStored(other.Id);
        Assert.Null(await fixture.Suppressions.GetAsync(tenant.Id, "recipient@example.com", CancellationToken.None));
    }

    [Fact]
    public async Task An_untagged_event_of_an_account_shared_by_two_tenants_is_dropped()
    {
        var first = await fixture.CreateTenantAsync();
        var second = await fixture.CreateTenantAsync(first.AwsAccountId);
        var sesEvent = SesEventFixtures.Event("delivery", Guid.NewGuid().ToString(), first.AwsAccountId).WithoutTenantTag();

        var counts = await (await fixture.PostAsync(sesEvent)).CountsAsync();

        Assert.Equal((0, 0, 1), counts);
        Assert.Equal(1, _drops["ambiguous_account"]);
        await AssertNothingStored(first.Id);
        await AssertNothingStored(second.Id);
    }

    [Fact]
    public async Task The_tag_tells_apart_tenants_sharing_an_account()
    {
        var first = await fixture.CreateTenantAsync();
        var second = await fixture.CreateTenantAsync(first.AwsAccountId);

        var counts = await (await fixture.PostAsync(IngesterFixture.EventOf(second, "delivery"))).CountsAsync();

        Assert.Equal((1, 0, 0), counts);
        await AssertNothingStored(first.Id);
        Assert.Single((await fixture.Events.QueryAsync(second.Id, new EventQuery(), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task An_untagged_event_of_a_single_tenant_account_is_that_tenant_s()
    {
        var tenant = await fixture.CreateTenantAsync();

        var counts = await (await fixture.PostAsync(IngesterFixture.EventOf(tenant, "delivery").WithoutTenantTag())).CountsAsync();

        Assert.Equal((1, 0, 0), counts);
    }

    [Fact]
    public async Task A_tenant_onboarded_after_its_account_was_looked_up_gets_its_events_at_once()
    {
        var accountId = fixture.NewAccountId();
        var early = SesEventFixtures.Event("delivery", Guid.NewGuid().ToString(), accountId).WithoutTenantTag();
        Assert.Equal((0, 0, 1), await (await fixture.PostAsync(early)).CountsAsync());
        var tenant = await fixture.CreateTenantAsync(accountId);
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        var counts = await (await fixture.PostAsync(IngesterFixture.EventOf(tenant, "delivery"))).CountsAsync();

        Assert.Equal((1, 0, 0), counts);
    }

    private async Task AssertNothingStored(string tenantId) =>
        Assert.Empty((await fixture.Events.QueryAsync(tenantId, new EventQuery(), CancellationToken.None)).Items);
}
