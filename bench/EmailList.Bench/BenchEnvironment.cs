using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmailList.Core.Credentials;
using EmailList.Core.Mail;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using EmailList.Sandbox;
using EmailList.Sandbox.Admin;
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
    private HttpClient _diagnostics = null!;
    private ISesClient _ses = null!;
    private ISesClient? _forwardedSes;
    private Process? _forwarderProcess;
    private SesSession _session = null!;
    private OutboundEmail _directEmail = null!;
    private ConnectionMultiplexer? _redis;

    public static async Task<BenchEnvironment> StartAsync(BenchSettings settings)
    {
        var environment = new BenchEnvironment();
        try
        {
            await environment.InitializeAsync(settings);
            return environment;
        }
        catch
        {
            // Otherwise a send API or forwarder that did start outlives the failed run.
            await environment.DisposeAsync();
            throw;
        }
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

    /// <summary>The direct call, through <see cref="Forwarder"/> (only with <c>--floor</c>).</summary>
    public Task SendThroughForwarderAsync(CancellationToken cancellationToken) =>
        (_forwardedSes ?? throw new InvalidOperationException("Start the bench with --floor.")).SendEmailAsync(_session, _directEmail, cancellationToken);

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

    /// <summary>The send API process's own allocation, GC and CPU counters (its /_diagnostics/runtime).</summary>
    public async Task<RuntimeCounters> SendApiCountersAsync() =>
        (await _diagnostics.GetFromJsonAsync<RuntimeCounters>("/_diagnostics/runtime"))!;

    public Process? SendApiProcess { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(SendApiProcess);
        await StopAsync(_forwarderProcess);
        _proxy?.Dispose();
        _diagnostics?.Dispose();
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
            [Extensions.RuntimeDiagnosticsSetting] = "true",
            ["Lists:PublicBaseUrl"] = "http://127.0.0.1/",
            ["Lists:TokenKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        if (settings.Redis is { } redis)
        {
            configuration["ConnectionStrings:redis"] = redis;
            configuration["CredentialEncryption:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            _redis = await ConnectionMultiplexer.ConnectAsync(redis + ",allowAdmin=true");
        }

        var sendApiUrl = await StartSendApiProcessAsync(configuration);
        _diagnostics = new HttpClient { BaseAddress = sendApiUrl };
        var aws = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .AddSesClient()
            .AddStsRoleAssumer()
            .AddSqliteStores()
            .BuildServiceProvider();
        _disposables.Add(aws);

        var tenantId = "bench";
        var roleArn = $"arn:aws:iam::{AccountId}:role/EmailListSender";
        // Onboarding (the query API's role and SES checks) is not what this measures, and needs the parts of SES
        // the sandbox emulates least; the tenant goes into the store as onboarding leaves it.
        var externalId = ExternalIdGenerator.Create();
        (await _sandboxAdmin.PutAsJsonAsync($"/_sandbox/accounts/{AccountId}",
            new SandboxAccountSettings(MaxSendRate: 1_000_000, Max24HourSend: 100_000_000, VerifiedIdentities: ["example.com"]))).EnsureSuccessStatusCode();
        (await _sandboxAdmin.PutAsJsonAsync("/_sandbox/roles", new SandboxRole(roleArn, externalId))).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow;
        var created = await aws.GetRequiredService<ITenantStore>().TryCreateAsync(new Tenant
        {
            Id = tenantId,
            Name = "Benchmark tenant",
            ExternalId = externalId,
            Status = TenantStatus.Active,
            AwsAccountId = AccountId,
            RoleArn = roleArn,
            Region = "us-east-1",
            CreatedAt = now,
            UpdatedAt = now,
        }, CancellationToken.None);
        if (!created)
        {
            throw new InvalidOperationException("The bench tenant already exists in a fresh store.");
        }

        var credentials = await aws.GetRequiredService<IRoleAssumer>().AssumeRoleAsync(
            new RoleAssumptionRequest(roleArn, externalId, "bench-direct", TimeSpan.FromHours(1), SesSessionPolicy.Json), CancellationToken.None);
        _session = new SesSession(credentials, "us-east-1");

        _ses = aws.GetRequiredService<ISesClient>();
        if (settings.Floor)
        {
            var forwarderUrl = new Uri($"http://127.0.0.1:{FreePort()}");
            _forwarderProcess = await StartProcessAsync("forwarder",
                [Path.Combine(AppContext.BaseDirectory, "EmailList.Bench.dll"), Forwarder.Argument, forwarderUrl.AbsoluteUri, sandboxUrl.AbsoluteUri],
                new Dictionary<string, string?>(), forwarderUrl);
            var forwarded = new ServiceCollection()
                .AddLogging()
                .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                    .AddInMemoryCollection(configuration)
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Ses:ServiceUrl"] = forwarderUrl.AbsoluteUri })
                    .Build())
                .AddSesClient()
                .BuildServiceProvider();
            _disposables.Add(forwarded);
            _forwardedSes = forwarded.GetRequiredService<ISesClient>();
        }
        _proxy = Client(sendApiUrl, Token(signingKey, new Claim("tenant_id", tenantId), new Claim("scope", "mail:send")));

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

    /// <summary>The send API as production runs it: its own process, so its costs and pauses are its own.</summary>
    private async Task<Uri> StartSendApiProcessAsync(Dictionary<string, string?> configuration)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        // SENDAPI_X=v sets X=v for the send API alone (runtime knobs to try), not for the bench process;
        // SENDAPI_X= (empty) keeps the bench's own X from reaching the send API.
        var environment = configuration.ToDictionary(e => e.Key.Replace(":", "__", StringComparison.Ordinal), e => e.Value);
        foreach (var (key, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value)).Where(e => e.Item1.StartsWith("SENDAPI_", StringComparison.Ordinal)))
        {
            environment[key["SENDAPI_".Length..]] = string.IsNullOrEmpty(value) ? null : value;
        }

        SendApiProcess = await StartProcessAsync("send api",
            [Path.Combine(AppContext.BaseDirectory, "EmailList.SendApi.dll"), $"--urls={url.AbsoluteUri.TrimEnd('/')}"], environment, url);
        return url;
    }

    /// <summary>Starts <c>dotnet</c> with <paramref name="arguments"/> and waits until it answers <c>/alive</c> at <paramref name="url"/>.</summary>
    /// <param name="environment">Set for the process (a null value removes the variable); environment rather than arguments keeps keys out of the process list.</param>
    private static async Task<Process> StartProcessAsync(string name, IEnumerable<string> arguments, Dictionary<string, string?> environment, Uri url)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"The {name} did not start.");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[{name}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await probe.GetAsync("/alive")).IsSuccessStatusCode)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} exited with {process.ExitCode}.");
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The {name} did not answer /alive within 30 s.");
    }

    private static async Task StopAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
