using System.Net;
using EmailList.Core.Credentials;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed class CredentialCacheTests(SendPathFixture fixture)
{
    [Fact]
    public async Task Repeated_sends_reuse_the_assumed_role_without_calling_STS()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostMailAsync(MailJson.Simple())).StatusCode);
        var before = await fixture.Sandbox.Admin.GetStatsAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostMailAsync(MailJson.Simple())).StatusCode);
        }

        var after = await fixture.Sandbox.Admin.GetStatsAsync();
        Assert.Equal(before.AssumeRoleCalls, after.AssumeRoleCalls);
        Assert.Equal(6, (await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!)).Count);
    }

    [Fact]
    public async Task A_second_instance_uses_the_credentials_cached_in_Redis_which_are_unreadable_there()
    {
        var tenant = await fixture.CreateTenantAsync();
        using (var first = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send")))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.PostMailAsync(MailJson.Simple())).StatusCode);
        }

        var credentials = await fixture.Api.Services.GetRequiredService<TenantCredentialBroker>()
            .GetCredentialsAsync((await fixture.Api.Services.GetRequiredService<EmailList.Core.Tenants.TenantDirectory>().GetAsync(tenant.Id, CancellationToken.None))!, CancellationToken.None);
        var keys = (await fixture.Redis.RedisCliAsync("--scan", "--pattern", $"*{tenant.Id}*")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var dump = await fixture.Redis.RedisCliAsync("--no-raw", "DUMP", key.Trim());
            Assert.DoesNotContain(credentials.AccessKeyId, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(credentials.SecretAccessKey, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(credentials.SessionToken[..20], dump, StringComparison.Ordinal);
        }

        var before = await fixture.Sandbox.Admin.GetStatsAsync();
        await using var second = await SendApiHost.StartAsync(fixture.Configuration(fixture.Redis.ConnectionString));
        using var client = second.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostMailAsync(MailJson.Simple())).StatusCode);

        Assert.Equal(before.AssumeRoleCalls, (await fixture.Sandbox.Admin.GetStatsAsync()).AssumeRoleCalls);
    }

    [Fact]
    public async Task An_instance_with_another_encryption_key_cannot_use_the_cache_and_assumes_the_role_itself()
    {
        var tenant = await fixture.CreateTenantAsync();
        using (var first = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send")))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.PostMailAsync(MailJson.Simple())).StatusCode);
        }

        var before = await fixture.Sandbox.Admin.GetStatsAsync();
        var otherKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var other = await SendApiHost.StartAsync(fixture.Configuration(fixture.Redis.ConnectionString, otherKey));
        using var client = other.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        Assert.Equal(HttpStatusCode.OK, (await client.PostMailAsync(MailJson.Simple())).StatusCode);
        Assert.Equal(before.AssumeRoleCalls + 1, (await fixture.Sandbox.Admin.GetStatsAsync()).AssumeRoleCalls);
    }
}
