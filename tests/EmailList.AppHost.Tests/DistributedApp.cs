using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using EmailList.AppHost;
using EmailList.Testing.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailList.AppHost.Tests;

/// <summary>
/// The whole AppHost (Redis, dynalite, sandbox, ingester, query and send APIs, each its own process) started once for a test
/// class, with the JWT signing key of <see cref="TestTokens"/> so that tests can mint tokens the services accept.
/// </summary>
public sealed class DistributedApp : IAsyncLifetime
{
    /// <summary>The send API's instances, each its own process with its own endpoint.</summary>
    public static readonly string[] SendApis = ["send-api", "send-api-2"];

    public static readonly string[] Services = ["event-ingester", "sandbox", "query-api", .. SendApis, "dispatcher"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private DistributedApplication? _app;

    public TestTokens Tokens { get; } = new();

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.EmailList_AppHost>(
            [$"--Parameters:jwt-signing-key={Tokens.SigningKey}"],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        foreach (var service in Services)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A client on a service's HTTP endpoint; with a token, every request carries it.</summary>
    public HttpClient Client(string resource, string? token = null)
    {
        var client = App.CreateHttpClient(resource, "http");
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The operating-system process id of a (healthy) resource, as the orchestrator reports it.</summary>
    public async Task<int> ProcessIdAsync(string resource)
    {
        var healthy = await App.ResourceNotifications.WaitForResourceHealthyAsync(resource);
        var pid = healthy.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        return Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What the sandbox's SES accepted from one SES account, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> OutboxAsync(string accountId)
    {
        using var sandbox = Client("sandbox");
        return [.. (await sandbox.GetFromJsonAsync<JsonElement>($"/_sandbox/outbox?accountId={accountId}&limit=1000")).EnumerateArray()];
    }

    public string OperatorToken() => Token([new("role", "admin")]);

    public string TenantToken(string tenantId, params string[] scopes) =>
        Token([new("tenant_id", tenantId), new("scope", string.Join(' ', scopes))]);

    /// <summary>
    /// The README's onboarding: an operator creates the tenant, its SES account and role appear in the sandbox (trusting the
    /// external ID the platform minted), and the tenant pastes the role ARN. Returns the tenant's id and SES account id.
    /// </summary>
    public async Task<(string TenantId, string AccountId)> OnboardTenantAsync()
    {
        var tenantId = "acme-" + Guid.NewGuid().ToString("N")[..8];
        var accountId = "3333" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var roleArn = $"arn:aws:iam::{accountId}:role/EmailListSender";
        using var operatorClient = Client("query-api", OperatorToken());
        var created = await operatorClient.PostAsJsonAsync("/tenants", new { id = tenantId, name = "Acme Inc." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var admin = Client("query-api", TenantToken(tenantId, "tenant:admin"));
        var tenant = await admin.GetFromJsonAsync<JsonElement>("/tenant");
        var externalId = tenant.GetProperty("tenant").GetProperty("externalId").GetString()!;
        using var sandbox = Client("sandbox");
        (await sandbox.PutAsJsonAsync($"/_sandbox/accounts/{accountId}", new { verifiedIdentities = new[] { "acme.example" } })).EnsureSuccessStatusCode();
        (await sandbox.PutAsJsonAsync("/_sandbox/roles", new { roleArn, externalId })).EnsureSuccessStatusCode();

        var accepted = await admin.PutAsJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        Assert.Equal("Configured", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("forwarding").GetString());
        return (tenantId, accountId);
    }

    private string Token(IEnumerable<Claim> claims) => Tokens.Create(claims, issuer: PlatformSecrets.Issuer, audience: PlatformSecrets.Audience);
}
