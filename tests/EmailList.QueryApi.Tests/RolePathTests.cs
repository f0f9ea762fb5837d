using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EmailList.QueryApi.Tests;

/// <summary>Production lets the query API assume only roles under /emaillist/; onboarding says so before STS refuses.</summary>
[Collection(QueryApiGroup.Name)]
public sealed class RolePathTests(QueryApiFixture fixture) : IAsyncLifetime
{
    private IsolatedQueryApi _api = null!;

    public async Task InitializeAsync() => _api = await IsolatedQueryApi.StartAsync(fixture, [new("Onboarding:RolePath", "/emaillist/")]);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_role_outside_the_required_path_is_refused_with_the_path_to_use_before_sts_is_asked()
    {
        var tenant = await _api.CreatePendingTenantAsync("Role path test");
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), tenant.ExternalId);
        using var client = _api.TenantAdmin(tenant.Id);

        var response = await client.PutAsJsonAsync("/tenant/role", new { roleArn = role.RoleArn, region = "us-east-1" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("AssumeRoleDenied", problem.GetProperty("reason").GetString());
        Assert.Contains("under the IAM path /emaillist/", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(":role/emaillist/<name>", problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_under_the_required_path_goes_on_to_sts()
    {
        var tenant = await _api.CreatePendingTenantAsync("Role path test");
        using var client = _api.TenantAdmin(tenant.Id);

        var response = await client.PutAsJsonAsync("/tenant/role", new { roleArn = $"arn:aws:iam::{fixture.NewAccountId()}:role/emaillist/Missing", region = "us-east-1" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("AssumeRoleDenied", problem.GetProperty("reason").GetString());
        Assert.StartsWith("STS refused", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
