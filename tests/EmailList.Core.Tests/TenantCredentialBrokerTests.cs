using EmailList.Core.Credentials;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Core.Tests;

public sealed class TenantCredentialBrokerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly CredentialBrokerOptions _options = new() { SessionDuration = TimeSpan.FromHours(1), RefreshMargin = TimeSpan.FromMinutes(5) };

    private static Tenant Tenant(string role = "arn:aws:iam::222222222222:role/Sender") => new()
    {
        Id = "acme",
        Name = "Acme",
        ExternalId = "el-external-id-of-acme-0123456789abcdef",
        RoleArn = role,
        Region = "us-east-1",
        Status = TenantStatus.Active,
    };

    private TenantCredentialBroker Broker(IRoleAssumer sts, ICredentialCache? cache = null) =>
        new(sts, cache ?? new NoCredentialCache(), Options.Create(_options), _time, NullLogger<TenantCredentialBroker>.Instance);

    [Fact]
    public async Task Credentials_are_reused_until_the_refresh_margin()
    {
        var sts = new CountingRoleAssumer(_time);
        var broker = Broker(sts);

        var first = await broker.GetCredentialsAsync(Tenant(), default);
        _time.Advance(TimeSpan.FromMinutes(54));
        var second = await broker.GetCredentialsAsync(Tenant(), default);

        Assert.Same(first, second);
        Assert.Equal(1, sts.Calls);
    }

    [Fact]
    public async Task Credentials_near_expiry_are_refreshed_and_expired_ones_never_served()
    {
        var sts = new CountingRoleAssumer(_time);
        var broker = Broker(sts);

        var first = await broker.GetCredentialsAsync(Tenant(), default);
        _time.Advance(TimeSpan.FromMinutes(55) + TimeSpan.FromSeconds(1));
        var second = await broker.GetCredentialsAsync(Tenant(), default);

        Assert.NotEqual(first.AccessKeyId, second.AccessKeyId);
        Assert.Equal(2, sts.Calls);
        Assert.True(second.Expiration - _time.GetUtcNow() > _options.RefreshMargin);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_tenant_make_one_sts_call()
    {
        var sts = new CountingRoleAssumer(TimeProvider.System) { Delay = TimeSpan.FromMilliseconds(100) };
        var broker = Broker(sts);

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => broker.GetCredentialsAsync(Tenant(), default).AsTask()));

        Assert.Equal(1, sts.Calls);
        Assert.Single(all.Select(c => c.AccessKeyId).Distinct());
    }

    [Fact]
    public async Task A_changed_role_is_not_served_the_old_roles_credentials()
    {
        var sts = new CountingRoleAssumer(_time);
        var cache = new InMemoryCredentialCache(_time);
        var broker = Broker(sts, cache);

        var old = await broker.GetCredentialsAsync(Tenant(), default);
        var changed = await broker.GetCredentialsAsync(Tenant("arn:aws:iam::333333333333:role/Other"), default);

        Assert.NotEqual(old.AccessKeyId, changed.AccessKeyId);
        Assert.Equal("arn:aws:iam::333333333333:role/Other", sts.Requests[^1].RoleArn);
    }

    [Fact]
    public async Task A_second_process_uses_the_shared_cache_instead_of_sts()
    {
        var sts = new CountingRoleAssumer(_time);
        var cache = new InMemoryCredentialCache(_time);

        var first = await Broker(sts, cache).GetCredentialsAsync(Tenant(), default);
        var second = await Broker(sts, cache).GetCredentialsAsync(Tenant(), default);

        Assert.Equal(first.AccessKeyId, second.AccessKeyId);
        Assert.Equal(1, sts.Calls);
    }

    [Fact]
    public async Task The_shared_cache_entry_expires_at_the_refresh_margin()
    {
        var sts = new CountingRoleAssumer(_time);
        var cache = new InMemoryCredentialCache(_time);
        await Broker(sts, cache).GetCredentialsAsync(Tenant(), default);

        _time.Advance(TimeSpan.FromMinutes(56));
        var cached = await cache.GetAsync("acme", default);

        Assert.Null(cached);
    }

    [Fact]
    public async Task Assume_role_requests_carry_the_external_id_a_tenant_session_name_and_a_session_policy()
    {
        var sts = new CountingRoleAssumer(_time);
        await Broker(sts).GetCredentialsAsync(Tenant(), default);

        var request = Assert.Single(sts.Requests);
        Assert.Equal("el-external-id-of-acme-0123456789abcdef", request.ExternalId);
        Assert.Equal("emaillist-acme", request.SessionName);
        Assert.Equal(TimeSpan.FromHours(1), request.Duration);
        Assert.Contains("ses:SendRawEmail", request.SessionPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("\"*\"]", request.SessionPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalidation_forces_a_new_sts_call()
    {
        var sts = new CountingRoleAssumer(_time);
        var cache = new InMemoryCredentialCache(_time);
        var broker = Broker(sts, cache);
        await broker.GetCredentialsAsync(Tenant(), default);

        await broker.InvalidateAsync("acme", default);
        await broker.GetCredentialsAsync(Tenant(), default);

        Assert.Equal(2, sts.Calls);
    }

    [Fact]
    public async Task Credentials_primed_after_verifying_a_new_role_serve_the_next_send_without_sts()
    {
        var sts = new CountingRoleAssumer(_time);
        var cache = new InMemoryCredentialCache(_time);
        var broker = Broker(sts, cache);
        await broker.GetCredentialsAsync(Tenant(), default);
        var newRole = Tenant("arn:aws:iam::222222222222:role/NewSender");
        var verified = await broker.AssumeUncachedAsync(newRole.RoleArn!, newRole.ExternalId, newRole.Id, default);

        await broker.PrimeAsync(newRole, verified, default);
        var served = await broker.GetCredentialsAsync(newRole, default);
        var otherProcess = await Broker(sts, cache).GetCredentialsAsync(newRole, default);

        Assert.Equal(verified, served);
        Assert.Equal(verified, otherProcess);
        Assert.Equal(2, sts.Calls);
    }
}
