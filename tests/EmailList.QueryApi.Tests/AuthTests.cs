using System.Net;
using System.Security.Claims;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class AuthTests(QueryApiFixture fixture)
{
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "GET", "/events", "events:read" },
        { "GET", "/events/some-id", "events:read" },
        { "GET", "/messages/some-message", "events:read" },
        { "GET", "/stats", "events:read" },
        { "GET", "/suppression-list", "events:read" },
        { "GET", "/suppression-list/export", "events:read" },
        { "GET", "/suppression-list/jane@example.com", "events:read" },
        { "PUT", "/suppression-list/jane@example.com", "suppression:write" },
        { "DELETE", "/suppression-list/jane@example.com", "suppression:write" },
        { "POST", "/suppression-list/import", "suppression:write" },
        { "POST", "/suppression-list/sync", "suppression:write" },
        { "GET", "/verify-sts", "tenant:admin" },
        { "GET", "/tenant", "tenant:admin" },
        { "GET", "/tenant/cloudformation-template", "tenant:admin" },
        { "PUT", "/tenant/role", "tenant:admin" },
        { "DELETE", "/tenant/role", "tenant:admin" },
    };

    public static TheoryData<string, string> OperatorEndpoints => new()
    {
        { "POST", "/tenants" },
        { "PATCH", "/tenants/t-some-tenant" },
    };

    [Theory]
    [MemberData(nameof(OperatorEndpoints))]
    public async Task Without_a_token_every_operator_endpoint_is_401_with_a_problem(string method, string path)
    {
        using var client = fixture.Api.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OperatorEndpoints))]
    public async Task A_tenant_token_with_every_scope_is_403_on_every_operator_endpoint_naming_the_role(string method, string path)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, [.. EmailList.Testing.Auth.TestTokens.AllScopes]);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("'role' claim of 'admin'", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_a_token_every_endpoint_is_401_with_a_problem(string method, string path, string scope)
    {
        _ = scope;
        using var client = fixture.Api.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_token_without_the_scope_is_403_naming_the_scope(string method, string path, string scope)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, TestTokensScopesExcept(scope));

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(scope, (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_token_without_a_tenant_sees_no_tenant_data()
    {
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForOperator());

        using var response = await client.GetAsync("/events");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var tenant = await fixture.CreateTenantAsync();
        var forged = fixture.Tokens.Create(
            [new Claim("tenant_id", tenant.Id), new Claim("scope", "events:read")],
            signingKey: Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        using var client = fixture.Api.CreateClient(forged);

        using var response = await client.GetAsync("/events");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string[] TestTokensScopesExcept(string scope) =>
        EmailList.Testing.Auth.TestTokens.AllScopes.Where(s => s != scope).ToArray();
}
