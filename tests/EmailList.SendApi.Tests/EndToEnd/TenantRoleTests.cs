using EmailList.Sandbox.Admin;
using System.Net;
using System.Net.Http.Json;
using EmailList.Testing.Sandbox;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed class TenantRoleTests(SendPathFixture fixture)
{
    [Fact]
    public async Task A_new_tenant_gets_a_long_unique_external_id_minted_by_us()
    {
        var a = await fixture.CreatePendingTenantAsync(NewId());
        var b = await fixture.CreatePendingTenantAsync(NewId());

        Assert.True(a.ExternalId.Length >= 32, a.ExternalId);
        Assert.NotEqual(a.ExternalId, b.ExternalId);
    }

    [Fact]
    public async Task An_external_id_in_the_create_request_is_refused()
    {
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForOperator());

        var response = await client.PostAsync("/tenants", MailJson.Raw($"{{\"id\":\"{NewId()}\",\"name\":\"x\",\"externalId\":\"mine\"}}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_role_whose_trust_policy_wants_another_external_id_is_refused_and_not_stored()
    {
        var tenant = await fixture.CreatePendingTenantAsync(NewId());
        var accountId = fixture.NewAccountId();
        var roleArn = $"arn:aws:iam::{accountId}:role/EmailListSender";
        await fixture.Sandbox.Admin.PutAccountAsync(accountId, new SandboxAccountSettings());
        await fixture.Sandbox.Admin.PutRoleAsync(new SandboxRole(roleArn, "el-somebody-elses-external-id-000000000000"));
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "tenant:admin"));

        var response = await client.PutAsJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("AccessDenied", problem.GetProperty("reason").GetString());
        Assert.Equal(tenant.ExternalId, problem.GetProperty("externalId").GetString());
        Assert.Contains("external ID", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = await (await client.GetAsync("/tenant")).JsonAsync();
        Assert.Equal("PendingRole", stored.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stored.GetProperty("roleArn").ValueKind);
    }

    [Fact]
    public async Task A_role_that_does_not_exist_is_refused_with_the_reason()
    {
        var tenant = await fixture.CreatePendingTenantAsync(NewId());
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "tenant:admin"));

        var response = await client.PutAsJsonAsync("/tenant/role", new { roleArn = $"arn:aws:iam::{fixture.NewAccountId()}:role/Missing", region = "us-east-1" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("does not exist", await response.ProblemDetailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenants_role_in_another_account_cannot_be_taken_over()
    {
        var victim = await fixture.CreateTenantAsync();
        var attacker = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(attacker.Id, "tenant:admin"));

        var response = await client.PutAsJsonAsync("/tenant/role", new { roleArn = victim.RoleArn, region = "us-east-1" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var stored = await (await client.GetAsync("/tenant")).JsonAsync();
        Assert.Equal(attacker.RoleArn, stored.GetProperty("roleArn").GetString());
    }

    [Theory]
    [InlineData("arn:aws:iam::12345:role/Short", "us-east-1", "roleArn")]
    [InlineData("arn:aws:iam::123456789012:user/NotARole", "us-east-1", "roleArn")]
    [InlineData("arn:aws:iam::123456789012:role/Ok", "mars-north-1x", "region")]
    public async Task A_malformed_role_or_region_is_refused_before_STS_is_called(string roleArn, string region, string field)
    {
        var tenant = await fixture.CreatePendingTenantAsync(NewId());
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "tenant:admin"));

        var response = await client.PutAsJsonAsync("/tenant/role", new { roleArn, region });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Tenant_As_token_only_ever_sends_through_tenant_As_role()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(a.Id, "mail:send"));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostMailAsync(MailJson.Simple())).StatusCode);
        }

        var sentByA = await fixture.Sandbox.Admin.GetOutboxAsync(a.AccountId!);
        Assert.Equal(3, sentByA.Count);
        Assert.All(sentByA, m => Assert.Equal(a.RoleArn, m.RoleArn));
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(b.AccountId!));
    }

    [Fact]
    public async Task GET_tenant_shows_only_the_callers_own_tenant()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(a.Id, "tenant:admin"));

        var json = await (await client.GetAsync("/tenant")).JsonAsync();

        Assert.Equal(a.Id, json.GetProperty("id").GetString());
        Assert.DoesNotContain(b.ExternalId, json.ToString(), StringComparison.Ordinal);
    }

    private static string NewId() => "t-" + Guid.NewGuid().ToString("N")[..12];
}
