using System.Net;
using EmailList.Sandbox;
using EmailList.Sandbox.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailList.Testing.Sandbox;

/// <summary>
/// The STS + SES v2 sandbox on Kestrel at 127.0.0.1 (a free port), in this process. Give it a
/// <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> started at the real time (AWSSDK signs with the
/// real clock) to move the sandbox's clock for expiry tests: <c>SandboxFixture.Create(new FakeTimeProvider(DateTimeOffset.UtcNow))</c>.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string Region = "us-east-1";

    private static readonly SandboxOptions Defaults = new();

    private WebApplication? _app;
    private HttpClient? _adminHttp;
    private SandboxAdminClient? _admin;
    private Uri? _baseUrl;

    public SandboxFixture()
        : this(null)
    {
    }

    private readonly IReadOnlyDictionary<string, string?>? _configuration;

    private SandboxFixture(TimeProvider? timeProvider, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        _configuration = configuration;
    }

    /// <summary>The sandbox's clock: whatever was given, else the system clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>STS and SES v2 both answer here (AWSSDK ServiceURL, SES client ServiceUrl, JS SDK endpoint).</summary>
    public Uri BaseUrl => _baseUrl ?? throw NotStarted();

    public SandboxAdminClient Admin => _admin ?? throw NotStarted();

    public string PlatformAccountId => Defaults.PlatformAccountId;

    public string PlatformAccessKeyId => Defaults.PlatformAccessKeyId;

    public string PlatformSecretAccessKey => Defaults.PlatformSecretAccessKey;

    /// <summary>The platform principal: the only caller AssumeRole accepts.</summary>
    public string PlatformPrincipalArn => Defaults.PlatformPrincipalArn;

    /// <param name="configuration">Settings on top of the defaults, e.g. <c>["Sandbox:Events:TargetUrl"] = "http://127.0.0.1:5000/ses-events"</c>.</param>
    public static SandboxFixture Create(TimeProvider? timeProvider = null, IReadOnlyDictionary<string, string?>? configuration = null) =>
        new(timeProvider, configuration);

    /// <summary>Creates and starts a sandbox the caller owns (dispose it).</summary>
    /// <param name="configuration">Settings on top of the defaults, e.g. <c>["Sandbox:Events:TargetUrl"] = "http://127.0.0.1:5000/ses-events"</c>.</param>
    public static async Task<SandboxFixture> StartAsync(TimeProvider? timeProvider = null, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var fixture = new SandboxFixture(timeProvider, configuration);
        await fixture.InitializeAsync();
        return fixture;
    }

    public static string RoleArn(string accountId, string roleName) => $"arn:aws:iam::{accountId}:role/{roleName}";

    /// <summary>Sets up an SES account and a role in it that trusts the platform with <paramref name="externalId"/>.</summary>
    public async Task<SandboxTenant> CreateTenantAsync(
        string accountId,
        string? externalId,
        SandboxAccountSettings? settings = null,
        string roleName = "EmailListSender",
        int maxSessionDurationSeconds = 3600)
    {
        await Admin.PutAccountAsync(accountId, settings);
        var role = await Admin.PutRoleAsync(new SandboxRole(RoleArn(accountId, roleName), externalId, MaxSessionDurationSeconds: maxSessionDurationSeconds));
        return new SandboxTenant(accountId, role.RoleArn, externalId);
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SandboxOptions).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        if (_configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(_configuration);
        }

        builder.Services.AddSingleton(TimeProvider);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.AddSandbox();

        _app = builder.Build();
        _app.MapSandbox();
        await _app.StartAsync();

        _baseUrl = new Uri(_app.Urls.Single().TrimEnd('/') + "/");
        _adminHttp = new HttpClient { BaseAddress = _baseUrl };
        _admin = new SandboxAdminClient(_adminHttp);
    }

    public async Task DisposeAsync()
    {
        _adminHttp?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private static InvalidOperationException NotStarted() =>
        new("The sandbox is not started: use it as an xunit fixture or call InitializeAsync (or SandboxFixture.StartAsync).");
}
