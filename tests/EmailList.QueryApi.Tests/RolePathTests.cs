using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmailList.Testing.Hosting;
using Microsoft.Data.Sqlite;

namespace EmailList.QueryApi.Tests;

/// <summary>Production lets the query API assume only roles under /emaillist/; onboarding says so before STS refuses.</summary>
[Collection(QueryApiGroup.Name)]
public sealed class RolePathTests(QueryApiFixture fixture) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emaillist-rolepath-" + Guid.NewGuid().ToString("N"));
    private QueryApiHost _api = null!;

    public async Task InitializeAsync() => _api = await QueryApiHost.StartAsync(
    [
        .. fixture.Tokens.Configuration,
        new("Storage:Provider", "Sqlite"),
        new("Sqlite:ConnectionString", $"Data Source={Path.Combine(_folder, "emaillist.db")}"),
        new("Query:CursorKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        .. SandboxAwsConfiguration.For(fixture.Sandbox),
        new("Onboarding:RolePath", "/emaillist/"),
    ]);

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_role_outside_the_required_path_is_refused_with_the_path_to_use_before_sts_is_asked()
    {
        var tenant = await CreatePendingTenantAsync();
        var role = await fixture.Sandbox.CreateTenantAsync(fixture.NewAccountId(), tenant.ExternalId);
        using var client = _api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "tenant:admin"));

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
        var tenant = await CreatePendingTenantAsync();
        using var client = _api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "tenant:admin"));

        var response = await client.PutAsJsonAsync("/tenant/role", new { roleArn = $"arn:aws:iam::{fixture.NewAccountId()}:role/emaillist/Missing", region = "us-east-1" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("AssumeRoleDenied", problem.GetProperty("reason").GetString());
        Assert.StartsWith("STS refused", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<(string Id, string ExternalId)> CreatePendingTenantAsync()
    {
        using var client = _api.CreateClient(fixture.Tokens.ForOperator());
        var response = await client.PostAsJsonAsync("/tenants", new { id = QueryApiFixture.NewTenantId(), name = "Role path test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("externalId").GetString()!);
    }
}
