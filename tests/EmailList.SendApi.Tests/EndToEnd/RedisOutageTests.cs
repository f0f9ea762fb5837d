using System.Net;
using EmailList.Core.Suppression;
using EmailList.Testing;
using EmailList.Testing.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.EndToEnd;

/// <summary>Owns its Redis, so stopping it disturbs no other test.</summary>
[Collection(SendPathGroup.Name)]
public sealed class RedisOutageTests(SendPathFixture fixture) : IAsyncLifetime
{
    private readonly RedisFixture _redis = new();
    private SendApiHost _api = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _api = await SendApiHost.StartAsync(fixture.Configuration(_redis.ConnectionString));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task When_Redis_stops_mid_run_sends_go_on_and_health_reports_degraded()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = _api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        using var anonymous = _api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostMailAsync(MailJson.Simple())).StatusCode);
        Assert.Contains("Healthy", await (await anonymous.GetAsync("/health")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await _redis.StopAsync();

        for (var i = 0; i < 3; i++)
        {
            var response = await client.PostMailAsync(MailJson.Simple(), $"during-outage-{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("Degraded", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(4, (await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!)).Count);

        await _redis.StartAsync();
        await Eventually.ValueAsync(
            async () =>
            {
                var body = await (await anonymous.GetAsync("/health")).Content.ReadAsStringAsync();
                return (body.Contains("\"Healthy\"", StringComparison.Ordinal), body);
            },
            "the send API's health turning Healthy after Redis restarted");
        Assert.Equal(HttpStatusCode.OK, (await client.PostMailAsync(MailJson.Simple())).StatusCode);
    }

    [Fact]
    public async Task Suppressions_still_hold_while_Redis_is_down()
    {
        var tenant = await fixture.CreateTenantAsync();
        await _api.Services.GetRequiredService<SuppressionList>()
            .AddAsync(tenant.Id, "held@example.org", SuppressionReason.Complaint, "test", CancellationToken.None);
        using var client = _api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        await _redis.StopAsync();
        var response = await client.PostMailAsync(MailJson.Simple("held@example.org"));
        await _redis.StartAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }
}
