using EmailList.Sandbox.Admin;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmailList.Testing.Auth;
using EmailList.QueryApi;
using EmailList.Testing.Dynamo;
using EmailList.Testing.Hosting;
using EmailList.Testing.Redis;
using EmailList.Testing.Sandbox;

namespace EmailList.SendApi.Tests.EndToEnd;

/// <summary>
/// The whole send path as production runs it: the send API on Kestrel over DynamoDB (dynalite), Redis
/// (a container) and the sandbox in place of STS and SES, all over loopback HTTP.
/// </summary>
public sealed class SendPathFixture : IAsyncLifetime
{
    private int _accounts;

    public RedisFixture Redis { get; } = new();
    public DynaliteFixture Dynamo { get; } = new();
    public SandboxFixture Sandbox { get; } = new();
    public TestTokens Tokens { get; } = new();
    public string EncryptionKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public SendApiHost Api { get; private set; } = null!;

    /// <summary>The query API on the same stores and Redis: tenants are created and onboarded through it, as in production.</summary>
    public ServiceHost Onboarding { get; private set; } = null!;

    /// <summary>Every send API started on this fixture shares the tables, as instances of one deployment do.</summary>
    public string TablePrefix { get; } = $"e2e{Guid.NewGuid():N}"[..12] + "-";

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Redis.InitializeAsync(), Dynamo.InitializeAsync(), Sandbox.InitializeAsync());
        Api = await SendApiHost.StartAsync(Configuration(Redis.ConnectionString));
        Onboarding = await StartQueryApiAsync();
    }

    /// <summary>Another query API instance on this fixture's servers.</summary>
    public Task<ServiceHost> StartQueryApiAsync() =>
        ServiceHost.StartAsync(typeof(QueryApiExtensions).Assembly.GetName().Name!, b => b.AddQueryApi(), a => a.MapQueryApi(),
        [
            .. Configuration(Redis.ConnectionString),
            new("Query:CursorKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        ]);

    public async Task DisposeAsync()
    {
        if (Onboarding is not null)
        {
            await Onboarding.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        await Task.WhenAll(Redis.DisposeAsync(), Dynamo.DisposeAsync(), Sandbox.DisposeAsync());
    }

    /// <summary>Configuration for a send API on this fixture's servers; another Redis can be named.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Configuration(string redisConnectionString, string? encryptionKey = null) =>
    [
        .. Tokens.Configuration,
        new("Storage:Provider", "DynamoDb"),
        new("DynamoDb:ServiceUrl", Dynamo.ServiceUrl.AbsoluteUri),
        new("DynamoDb:TablePrefix", TablePrefix),
        new("DynamoDb:CreateTables", "true"),
        new("DynamoDb:RequireTimeToLive", "false"),
        new("DynamoDb:AccessKeyId", "local"),
        new("DynamoDb:SecretAccessKey", "local"),
        new("ConnectionStrings:redis", redisConnectionString),
        new("CredentialEncryption:Key", encryptionKey ?? EncryptionKey),
        .. SandboxAwsConfiguration.For(Sandbox),
        new("Mail:MaxRequestBytes", "1048576"),
        new("Mail:MaxBatchRequestBytes", "1572864"),
        new("Lists:PublicBaseUrl", "http://lists.test/"),
        new("Lists:TokenKey", ListTokenKey),
    ];

    public string ListTokenKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A fresh AWS account id, so tests never see each other's outbox or quotas.</summary>
    public string NewAccountId() => (333_000_000_000L + Interlocked.Increment(ref _accounts)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Onboards a tenant the way a real one is: the operator creates it, the tenant's AWS account gets a role
    /// trusting our account with the tenant's external ID, and the tenant pastes the role's ARN. Account settings
    /// given are applied after onboarding (onboarding itself refuses, say, an account whose sending is paused).
    /// </summary>
    public async Task<TestTenant> CreateTenantAsync(Func<SandboxAccountSettings, SandboxAccountSettings>? account = null)
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        var accountId = NewAccountId();
        var tenant = await CreatePendingTenantAsync(id);
        var settings = new SandboxAccountSettings(VerifiedIdentities: ["example.com"]);
        await Sandbox.Admin.PutAccountAsync(accountId, settings);
        var roleArn = $"arn:aws:iam::{accountId}:role/EmailListSender";
        await Sandbox.Admin.PutRoleAsync(new SandboxRole(roleArn, tenant.ExternalId));

        using var client = Onboarding.CreateClient(Tokens.ForTenant(id, "tenant:admin"));
        var response = await client.PutAsJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        if (account is not null)
        {
            await Sandbox.Admin.PutAccountAsync(accountId, account(settings));
        }

        return tenant with { AccountId = accountId, RoleArn = roleArn };
    }

    public async Task<TestTenant> CreatePendingTenantAsync(string id)
    {
        using var client = Onboarding.CreateClient(Tokens.ForOperator());
        var response = await client.PostAsJsonAsync("/tenants", new { id, name = $"Tenant {id}" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>();
        return new TestTenant(id, body!.RootElement.GetProperty("externalId").GetString()!, null, null);
    }
}
