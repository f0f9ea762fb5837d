using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmailList.Core.Credentials;
using EmailList.Core.Mail;
using EmailList.Core.Ses;
using EmailList.Sandbox;
using EmailList.Sandbox.Admin;
using EmailList.SendApi;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MimeKit;
using StackExchange.Redis;

namespace EmailList.Bench;

/// <summary>The sandbox and the send API on loopback Kestrel, one verified tenant, and clients for both paths.</summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    private const string AccountId = "222222222222";
    private const string PlatformAccountId = "111111111111";
    private const string PlatformKeyId = "AKIABENCHPLATFORM001";
    private const string Issuer = "https://idp.bench.local/";
    private const string Audience = "emaillist";

    private static readonly byte[] MailBody = Encoding.UTF8.GetBytes("""
        {"from":"Bench <bench@example.com>","to":["success@simulator.amazonses.com"],"subject":"Benchmark","text":"Hello from the benchmark.","html":"<p>Hello from the benchmark.</p>"}
        """);

    private readonly List<IAsyncDisposable> _disposables = [];
    private HttpClient _proxy = null!;
    private HttpClient _sandboxAdmin = null!;
    private ISesClient _ses = null!;
    private SesSession _session = null!;
    private OutboundEmail _directEmail = null!;
    private ConnectionMultiplexer? _redis;

    public static async Task<BenchEnvironment> StartAsync(BenchSettings settings)
    {
        var environment = new BenchEnvironment();
        await environment.InitializeAsync(settings);
        return environment;
    }

    public async Task SendThroughProxyAsync(CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(MailBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _proxy.PostAsync("/mail", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /mail answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public Task SendDirectAsync(CancellationToken cancellationToken) => _ses.SendEmailAsync(_session, _directEmail, cancellationToken);

    public async Task<BenchSnapshot> SnapshotAsync()
    {
        using var stats = await _sandboxAdmin.GetFromJsonAsync<JsonDocument>("/_sandbox/stats");
        var assumeRoleCalls = stats!.RootElement.GetProperty("assumeRoleCalls").GetInt64();
        long? redisCommands = null;
        if (_redis is not null)
        {
            var server = _redis.GetServers()[0];
            var info = await server.InfoAsync("stats");
            var value = info.SelectMany(g => g).First(p => p.Key == "total_commands_processed").Value;
            redisCommands = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return new BenchSnapshot(assumeRoleCalls, redisCommands);
    }

    public async ValueTask DisposeAsync()
    {
        _proxy?.Dispose();
        _sandboxAdmin?.Dispose();
        for (var i = _disposables.Count - 1; i >= 0; i--)
        {
            await _disposables[i].DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task InitializeAsync(BenchSettings settings)
    {
        var platformSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        var sandboxUrl = await StartSandboxAsync(platformSecret);
        _sandboxAdmin = new HttpClient { BaseAddress = sandboxUrl };

        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var dataDirectory = Directory.CreateTempSubdirectory("emaillist-bench-").FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Auth:Issuer"] = Issuer,
            ["Auth:Audience"] = Audience,
            ["Auth:SigningKeys:0"] = signingKey,
            ["Storage:Provider"] = "Sqlite",
            ["Sqlite:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "bench.db")}",
            ["Sts:ServiceUrl"] = sandboxUrl.AbsoluteUri,
            ["Sts:Region"] = "us-east-1",
            ["Sts:PlatformAccountId"] = PlatformAccountId,
            ["Sts:AccessKeyId"] = PlatformKeyId,
            ["Sts:SecretAccessKey"] = platformSecret,
            ["Ses:ServiceUrl"] = sandboxUrl.AbsoluteUri,
        };
        if (settings.Redis is { } redis)
        {
            configuration["ConnectionStrings:redis"] = redis;
            configuration["CredentialEncryption:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            _redis = await ConnectionMultiplexer.ConnectAsync(redis + ",allowAdmin=true");
        }

        var (sendApiUrl, services) = await StartSendApiAsync(configuration);
        var tenantId = "bench";
        using (var admin = Client(sendApiUrl, Token(signingKey, new Claim("role", "admin"))))
        {
            var created = await admin.PostAsJsonAsync("/tenants", new { id = tenantId, name = "Benchmark tenant" });
            created.EnsureSuccessStatusCode();
            var externalId = (await created.Content.ReadFromJsonAsync<JsonDocument>())!.RootElement.GetProperty("externalId").GetString();
            (await _sandboxAdmin.PutAsJsonAsync($"/_sandbox/accounts/{AccountId}",
                new SandboxAccountSettings(MaxSendRate: 1_000_000, Max24HourSend: 100_000_000))).EnsureSuccessStatusCode();
            (await _sandboxAdmin.PutAsJsonAsync("/_sandbox/roles",
                new SandboxRole($"arn:aws:iam::{AccountId}:role/EmailListSender", externalId))).EnsureSuccessStatusCode();

            using var tenantAdmin = Client(sendApiUrl, Token(signingKey, new Claim("tenant_id", tenantId), new Claim("scope", "tenant:admin")));
            var role = await tenantAdmin.PutAsJsonAsync("/tenant/role",
                new { roleArn = $"arn:aws:iam::{AccountId}:role/EmailListSender", region = "us-east-1" });
            role.EnsureSuccessStatusCode();

            var credentials = await services.GetRequiredService<TenantCredentialBroker>()
                .AssumeUncachedAsync($"arn:aws:iam::{AccountId}:role/EmailListSender", externalId!, tenantId, CancellationToken.None);
            _session = new SesSession(credentials, "us-east-1");
        }

        _ses = services.GetRequiredService<ISesClient>();
        _proxy = Client(sendApiUrl, Token(signingKey, new Claim("tenant_id", tenantId), new Claim("scope", "mail:send")));
        _proxy.DefaultRequestHeaders.ConnectionClose = false;

        var message = new MailMessage
        {
            From = MailboxAddress.Parse("Bench <bench@example.com>"),
            To = [MailboxAddress.Parse("success@simulator.amazonses.com")],
            Subject = "Benchmark",
            Html = "<p>Hello from the benchmark.</p>",
            Text = "Hello from the benchmark.",
        };
        var raw = MimeComposer.Compose(message, message.To, [], DateTimeOffset.UtcNow);
        _directEmail = new OutboundEmail("bench@example.com",
            new SesDestination(["success@simulator.amazonses.com"], [], []), raw,
            [new(MessageTags.Tenant, tenantId)], null);
    }

    private async Task<Uri> StartSandboxAsync(string platformSecret)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Sandbox:PlatformAccountId"] = PlatformAccountId,
            ["Sandbox:PlatformAccessKeyId"] = PlatformKeyId,
            ["Sandbox:PlatformSecretAccessKey"] = platformSecret,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddSandbox();
        var app = builder.Build();
        app.MapSandbox();
        await app.StartAsync();
        _disposables.Add(app);
        return new Uri(Address(app));
    }

    private async Task<(Uri Url, IServiceProvider Services)> StartSendApiAsync(Dictionary<string, string?> configuration)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(SendApiExtensions).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddSendApi();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapSendApi();
        await app.StartAsync();
        _disposables.Add(app);
        return (new Uri(Address(app)), app.Services);
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static HttpClient Client(Uri baseAddress, string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Token(string signingKey, params Claim[] claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Subject = new ClaimsIdentity(claims.Append(new Claim("sub", "bench"))),
        Expires = DateTime.UtcNow.AddHours(2),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(signingKey)), SecurityAlgorithms.HmacSha256),
    });
}
