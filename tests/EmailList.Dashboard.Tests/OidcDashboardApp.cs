using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmailList.Testing;
using EmailList.Testing.Hosting;
using Microsoft.Playwright;

namespace EmailList.Dashboard.Tests;

/// <summary>
/// The standalone binary with the dashboard in production's sign-in mode: OpenID Connect against the sandbox's stand-in
/// provider, whose access tokens the query and send APIs accept because their Auth:Authority is the sandbox. The demo
/// tenant has sent one mail.
/// </summary>
public sealed class OidcDashboardApp : IAsyncLifetime
{
    public const string ClientId = "emaillist-dashboard";
    public const string DemoSubject = "Sent before the OpenID Connect sign-in";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public StandaloneProcess Host { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        var dashboard = Host.DashboardUrl.AbsoluteUri.TrimEnd('/');
        var sandbox = Host.SandboxUrl.AbsoluteUri;
        var clientSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        Host.Arguments =
        [
            "--Sandbox:Oidc:Enabled=true",
            $"--Sandbox:Oidc:ClientId={ClientId}",
            $"--Sandbox:Oidc:ClientSecret={clientSecret}",
            $"--Sandbox:Oidc:RedirectUris:0={dashboard}/signin-oidc",
            $"--Sandbox:Oidc:PostLogoutRedirectUris:0={dashboard}/signout-callback-oidc",
            // The APIs trust the sandbox as an issuer (keys from its discovery document) and, for the seeding below, the local key.
            $"--Auth:Authority={sandbox}",
            $"--Auth:SigningKeys:0={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            "--Dashboard:SignIn=OpenIdConnect",
            $"--Dashboard:OpenIdConnect:Authority={sandbox}",
            $"--Dashboard:OpenIdConnect:ClientId={ClientId}",
            $"--Dashboard:OpenIdConnect:ClientSecret={clientSecret}",
            "--Dashboard:OpenIdConnect:RequireHttpsMetadata=false",
        ];
        await Host.StartAsync();

        using (var sender = await Host.ClientAsync(Host.SendApiUrl, "tenant=demo"))
        {
            var sent = await sender.PostAsJsonAsync("/mail", new { from = "news@example.com", to = new[] { "success@simulator.amazonses.com" }, subject = DemoSubject, text = "Hello." });
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        using var reader = await Host.ClientAsync(Host.QueryApiUrl, "tenant=demo");
        await Eventually.ValueAsync(
            async () =>
            {
                var seen = (await reader.GetFromJsonAsync<JsonElement>("/events?limit=10")).GetProperty("items").GetArrayLength();
                return (seen >= 2, seen);
            },
            "the demo mail's Send and Delivery events",
            timeout: TimeSpan.FromSeconds(30));

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true });
    }

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Host.DashboardUrl.AbsoluteUri });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Host.DisposeAsync();
    }
}
