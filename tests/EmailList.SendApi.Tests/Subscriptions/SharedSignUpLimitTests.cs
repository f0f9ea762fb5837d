using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using EmailList.Testing.Redis;

namespace EmailList.SendApi.Tests.Subscriptions;

/// <summary>Two send-API instances on one Redis: the sign-up limits are one count between them, not one each. Owns its Redis.</summary>
[Collection(ListsGroup.Name)]
public sealed class SharedSignUpLimitTests(ListsFixture fixture) : IAsyncLifetime
{
    private readonly RedisFixture _redis = new();
    private readonly string _encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Two_instances_on_one_Redis_together_allow_only_the_per_address_limit()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        await using var first = await StartAsync(new("Lists:SignUp:PerAddressLimit", "4"), new("Lists:SignUp:TrustedProxyHops", "1"));
        await using var second = await StartAsync(new("Lists:SignUp:PerAddressLimit", "4"), new("Lists:SignUp:TrustedProxyHops", "1"));
        using var clientA = first.CreateClient();
        using var clientB = second.CreateClient();
        var victim = ListsFixture.NewAddress("victim");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/subscribe/{list.PublicKey}") { Content = JsonContent.Create(new { email = victim }) };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            answers.Add(await (i % 2 == 0 ? clientA : clientB).SendAsync(request));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, 4), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)], answers.Select(a => a.StatusCode));
        AssertRetryAfter(answers[^1], TimeSpan.FromHours(1));
        AssertRetryAfter(answers[^2], TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Two_instances_on_one_Redis_together_allow_only_the_per_client_limit()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        KeyValuePair<string, string?>[] limits = [new("Lists:SignUp:PerClientLimit", "5"), new("Lists:SignUp:PerClientWindow", "00:10:00"), new("Lists:SignUp:TrustedProxyHops", "1")];
        await using var first = await StartAsync(limits);
        await using var second = await StartAsync(limits);
        using var clientA = first.CreateClient();
        using var clientB = second.CreateClient();
        var ip = $"192.0.2.{RandomNumberGenerator.GetInt32(1, 255)}";

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/subscribe/{list.PublicKey}") { Content = JsonContent.Create(new { email = ListsFixture.NewAddress("flood") }) };
            request.Headers.Add("X-Forwarded-For", ip);
            answers.Add(await (i % 2 == 0 ? clientA : clientB).SendAsync(request));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], answers.Select(a => a.StatusCode));
        AssertRetryAfter(answers[^1], TimeSpan.FromMinutes(10));
        Assert.Equal("application/problem+json", answers[^1].Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task While_Redis_is_down_each_instance_still_enforces_the_limits_itself()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        await using var api = await StartAsync(new KeyValuePair<string, string?>("Lists:SignUp:PerAddressLimit", "2"));
        using var client = api.CreateClient();
        var email = ListsFixture.NewAddress("outage");
        Assert.Equal(HttpStatusCode.Accepted, (await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email = ListsFixture.NewAddress("before") })).StatusCode);

        await _redis.StopAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email })).StatusCode);
        }

        // Neither open (all accepted) nor closed (all failing): the in-process window of two, then 429.
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    private Task<SendApiHost> StartAsync(params KeyValuePair<string, string?>[] settings) =>
        fixture.StartSendApiAsync(
        [
            new("ConnectionStrings:redis", _redis.ConnectionString),
            new("CredentialEncryption:Key", _encryptionKey),
            .. settings,
        ]);

    private static void AssertRetryAfter(HttpResponseMessage refused, TimeSpan window)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var delta = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(delta);
        Assert.InRange(delta.Value, TimeSpan.FromSeconds(1), window);
    }
}
