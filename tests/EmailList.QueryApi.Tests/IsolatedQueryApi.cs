using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmailList.Testing.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.QueryApi.Tests;

/// <summary>
/// A query API on its own SQLite file (the shared fixture's, or a test's own with settings the shared one lacks), next to the
/// fixture's sandbox and token keys; the folder goes with it.
/// </summary>
public sealed class IsolatedQueryApi : IAsyncDisposable
{
    private readonly QueryApiFixture _fixture;
    private readonly string _folder;

    private IsolatedQueryApi(QueryApiFixture fixture, string folder, QueryApiHost host)
    {
        _fixture = fixture;
        _folder = folder;
        Host = host;
    }

    public QueryApiHost Host { get; }

    public static async Task<IsolatedQueryApi> StartAsync(
        QueryApiFixture fixture, IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? configureServices = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "emaillist-query-own-" + Guid.NewGuid().ToString("N"));
        var host = await QueryApiHost.StartAsync(
            [
                .. fixture.Tokens.Configuration,
                new("Storage:Provider", "Sqlite"),
                new("Sqlite:ConnectionString", $"Data Source={Path.Combine(folder, "emaillist.db")}"),
                new("Query:CursorKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
                .. SandboxAwsConfiguration.For(fixture.Sandbox),
                .. settings,
            ],
            configureServices);
        return new IsolatedQueryApi(fixture, folder, host);
    }

    /// <summary>An operator creates a tenant, which is then pending its role; returns its id and external id.</summary>
    public async Task<(string Id, string ExternalId)> CreatePendingTenantAsync(string name)
    {
        using var client = Host.CreateClient(_fixture.Tokens.ForOperator());
        var response = await client.PostAsJsonAsync("/tenants", new { id = QueryApiFixture.NewTenantId(), name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("externalId").GetString()!);
    }

    public HttpClient TenantAdmin(string tenantId) => Host.CreateClient(_fixture.Tokens.ForTenant(tenantId, "tenant:admin"));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
