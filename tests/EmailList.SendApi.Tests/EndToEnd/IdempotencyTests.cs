using EmailList.Sandbox.Admin;
using System.Net;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed class IdempotencyTests(SendPathFixture fixture)
{
    [Fact]
    public async Task A_retry_with_the_same_key_and_body_returns_the_first_answer_and_sends_nothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var first = await client.PostMailAsync(MailJson.Simple(), "order-42-confirmation");
        var second = await client.PostMailAsync(MailJson.Simple(), "order-42-confirmation");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetString(), (await second.JsonAsync()).GetProperty("id").GetString());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var first = await client.PostMailAsync(MailJson.Simple(subject: "One"), "k-1");
        var second = await client.PostMailAsync(MailJson.Simple(subject: "Two"), "k-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("different body", await second.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task Concurrent_duplicates_send_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostMailAsync(MailJson.Simple(), "burst-1")));

        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var ids = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(async r => (await r.JsonAsync()).GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.NotNull(r.Headers.RetryAfter));
    }

    [Fact]
    public async Task Keys_are_per_tenant_so_two_tenants_may_use_the_same_key()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        using var clientA = fixture.Api.CreateClient(fixture.Tokens.ForTenant(a.Id, "mail:send"));
        using var clientB = fixture.Api.CreateClient(fixture.Tokens.ForTenant(b.Id, "mail:send"));

        var first = await clientA.PostMailAsync(MailJson.Simple(), "welcome-1");
        var second = await clientB.PostMailAsync(MailJson.Simple(), "welcome-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(a.AccountId!));
        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(b.AccountId!));
    }

    [Fact]
    public async Task A_failed_send_releases_its_key_so_a_retry_can_succeed()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AccountId!, "SendEmail", 429, "TooManyRequestsException", 50));
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var first = await client.PostMailAsync(MailJson.Simple(), "retry-me");
        await fixture.Sandbox.Admin.ClearFaultsAsync();
        var second = await client.PostMailAsync(MailJson.Simple(), "retry-me");

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    /// <summary>A key is 1-256 printable ASCII characters.</summary>
    public static TheoryData<string> MalformedKeys => ["has a space", new string('k', 257)];

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task A_malformed_Idempotency_Key_is_refused_with_400_and_sends_nothing(string key)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple(), key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task A_send_that_timed_out_keeps_its_key_blocked_so_a_retry_cannot_send_it_twice()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AccountId!, "SendEmail", 500, "RequestTimeout", 50));
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var first = await client.PostMailAsync(MailJson.Simple(), "timed-out");
        await fixture.Sandbox.Admin.ClearFaultsAsync();
        var retry = await client.PostMailAsync(MailJson.Simple(), "timed-out");

        Assert.Equal(HttpStatusCode.GatewayTimeout, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Contains("still being processed", await retry.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }
}
