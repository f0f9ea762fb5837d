using System.Net;

namespace EmailList.SendApi.Tests.Subscriptions;

[Collection(ListsGroup.Name)]
public sealed class CorsTests(ListsFixture fixture)
{
    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_and_one_from_another_origin_is_not()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        using var client = fixture.Api.CreateClient();

        var allowed = await client.SendAsync(Preflight(list.PublicKey, "https://www.example.com"));
        var other = await client.SendAsync(Preflight(list.PublicKey, "https://evil.example"));
        var unknown = await client.SendAsync(Preflight(Core.Identifiers.RandomId.New(Core.Lists.ListIds.PublicKey), "https://www.example.com"));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://www.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("Content-Type", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_post_from_an_allowed_origin_may_be_read_by_its_page_and_one_from_another_may_not()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        using var client = fixture.Api.CreateClient();

        var allowed = await PublicHttp.PostFormAsync(client, list.PublicKey, [new("email", ListsFixture.NewAddress())], origin: "https://WWW.example.com");
        var other = await PublicHttp.PostFormAsync(client, list.PublicKey, [new("email", ListsFixture.NewAddress())], origin: "https://evil.example");

        Assert.Equal("https://WWW.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Contains("Origin", other.Headers.Vary);
    }

    private static HttpRequestMessage Preflight(string publicKey, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"/subscribe/{publicKey}");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
