using System.Net;

namespace EmailList.SendApi.Tests.Subscriptions;

[Collection(ListsGroup.Name)]
public sealed class SignUpLimitTests(ListsFixture fixture)
{
    [Fact]
    public async Task A_flood_from_one_client_is_refused_with_429_and_retry_after()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        await using var api = await fixture.StartSendApiAsync(new("Lists:SignUp:PerClientLimit", "5"), new("Lists:SignUp:PerClientWindow", "00:10:00"));
        using var client = api.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email = ListsFixture.NewAddress("flood") });
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
        Assert.True(refused!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Sign_ups_of_one_address_from_many_clients_are_refused_past_the_limit_and_it_gets_one_confirmation_per_interval()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var otherList = await fixture.CreateListAsync(tenant);
        await using var api = await fixture.StartSendApiAsync(new("Lists:SignUp:PerAddressLimit", "4"), new("Lists:SignUp:TrustedProxyHops", "1"));
        using var client = api.CreateClient();
        var victim = ListsFixture.NewAddress("victim");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/subscribe/{list.PublicKey}")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { email = victim.ToUpperInvariant() }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, 4), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)], statuses);
        var control = ListsFixture.NewAddress("control");
        await PublicHttp.PostJsonAsync(client, otherList.PublicKey, new { email = control });
        await fixture.ConfirmationMailAsync(account, control);
        await Task.Delay(300);
        Assert.Single(await fixture.MailToAsync(account, victim));
    }

    [Fact]
    public async Task Simultaneous_sign_ups_of_one_address_send_it_one_confirmation()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress("burst");
        using var client = fixture.Api.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PublicHttp.PostJsonAsync(client, list.PublicKey, new { email })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        await fixture.ConfirmationMailAsync(account, email);
        await Task.Delay(500);
        Assert.Single(await fixture.MailToAsync(account, email));
    }
}
