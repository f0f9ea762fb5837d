using System.Net;
using EmailList.Testing.Hosting;

namespace EmailList.SendApi.Tests.EndToEnd;

/// <summary>DELETE /tenant/role on one query API instance stops sends on every send API instance, whatever they had cached.</summary>
[Collection(SendPathGroup.Name)]
public sealed class OffboardingTests(SendPathFixture fixture) : IAsyncLifetime
{
    private SendApiHost _otherSendApi = null!;

    public async Task InitializeAsync() =>
        _otherSendApi = await SendApiHost.StartAsync(fixture.Configuration(fixture.Redis.ConnectionString));

    public async Task DisposeAsync() => await _otherSendApi.DisposeAsync();

    [Fact]
    public async Task Removing_the_role_stops_sends_at_once_on_every_instance()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var first = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        using var second = _otherSendApi.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        // Both instances now hold the tenant record and its credentials in memory.
        Assert.Equal(HttpStatusCode.OK, (await first.PostMailAsync(MailJson.Simple())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostMailAsync(MailJson.Simple())).StatusCode);
        await using var otherQueryApi = await fixture.StartQueryApiAsync();
        using var admin = otherQueryApi.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "tenant:admin"));

        var removed = await admin.DeleteAsync("/tenant/role");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);

        // At once: the very first send after DELETE returned is refused on both instances, with no grace period, and
        // nothing but the two mails sent before it reached the tenant's SES account.
        var after = await Task.WhenAll(
            first.PostMailAsync(MailJson.Simple(subject: "After offboarding")),
            second.PostMailAsync(MailJson.Simple(subject: "After offboarding")));
        Assert.All(after, response => Assert.Equal(HttpStatusCode.Conflict, response.StatusCode));
        var outbox = await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!);
        Assert.Equal(["Hello", "Hello"], outbox.Select(m => m.Subject));
    }

    [Fact]
    public async Task After_offboarding_the_cached_credentials_are_gone_from_Redis()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostMailAsync(MailJson.Simple())).StatusCode);
        var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        await using (redis)
        {
            Assert.True(await redis.GetDatabase().KeyExistsAsync($"el:{tenant.Id}:credentials"));
            using var admin = fixture.Onboarding.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "tenant:admin"));

            Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/tenant/role")).StatusCode);

            Assert.False(await redis.GetDatabase().KeyExistsAsync($"el:{tenant.Id}:credentials"));
        }
    }
}
