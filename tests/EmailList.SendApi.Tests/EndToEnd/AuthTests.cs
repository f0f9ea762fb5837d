using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using EmailList.Testing.Auth;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed class AuthTests(SendPathFixture fixture) : IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await fixture.CreateTenantAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "none", "no bearer token" },
        { "alg-none", "unsigned" },
        { "expired", "expired" },
        { "wrong-signature", "signature" },
        { "other-audience", "audience" },
        { "other-issuer", "issuer" },
        { "garbage", "malformed" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_missing_or_invalid_token_is_refused_with_401_and_nothing_is_sent(string kind, string _)
    {
        var token = kind switch
        {
            "none" => null,
            "alg-none" => TestTokens.WithAlgNone(_tenant.Id),
            "expired" => fixture.Tokens.Create(TenantClaims(), expires: DateTime.UtcNow.AddMinutes(-10)),
            "wrong-signature" => fixture.Tokens.Create(TenantClaims(), signingKey: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            "other-audience" => fixture.Tokens.Create(TenantClaims(), audience: "another-service"),
            "other-issuer" => fixture.Tokens.Create(TenantClaims(), issuer: "https://evil.example/"),
            _ => "not.a.jwt",
        };
        using var client = fixture.Api.CreateClient(token);

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(_tenant.AccountId!));
    }

    [Fact]
    public async Task A_token_without_the_mail_send_scope_is_refused_with_403()
    {
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(_tenant.Id, "events:read", "tenant:admin"));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("mail:send", await response.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(_tenant.AccountId!));
    }

    [Fact]
    public async Task A_token_without_a_tenant_claim_is_refused_with_403()
    {
        using var client = fixture.Api.CreateClient(fixture.Tokens.Create([new Claim("scope", "mail:send")]));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("tenant_id", await response.ProblemDetailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_a_tenant_that_does_not_exist_is_refused_with_403()
    {
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant("no-such-tenant", "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_operator_endpoint_refuses_a_tenant_token_even_with_every_scope()
    {
        using var client = fixture.Onboarding.CreateClient(fixture.Tokens.ForTenant(_tenant.Id));

        var response = await client.PostAsync("/tenants", MailJson.Raw("{\"id\":\"sneaky\",\"name\":\"Sneaky\"}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_tenant_endpoints_need_the_tenant_admin_scope()
    {
        using var client = fixture.Onboarding.CreateClient(fixture.Tokens.ForTenant(_tenant.Id, "mail:send"));

        var get = await client.GetAsync("/tenant");
        var put = await client.PutAsync("/tenant/role", MailJson.Raw($"{{\"roleArn\":\"{_tenant.RoleArn}\",\"region\":\"us-east-1\"}}"));

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
    }

    [Fact]
    public async Task A_tenant_id_in_the_body_is_refused_and_never_chooses_the_tenant()
    {
        var other = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(_tenant.Id, "mail:send"));

        var response = await client.PostAsync("/mail", MailJson.Raw(
            $"{{\"tenantId\":\"{other.Id}\",\"from\":\"news@example.com\",\"to\":[\"x@example.org\"],\"subject\":\"s\",\"text\":\"t\"}}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(other.AccountId!));
    }

    private Claim[] TenantClaims() => [new("tenant_id", _tenant.Id), new("scope", "mail:send")];
}
