using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;
using Microsoft.Playwright;

namespace EmailList.Dashboard.Tests;

/// <summary>
/// Shared by every browser test: the standalone binary with the demo tenant's mail and events, a second tenant
/// ("rival") with its own message and suppression entry, a third tenant not yet onboarded, and one headless
/// Debian chromium driven by Playwright.
/// </summary>
public sealed class DashboardApp : IAsyncLifetime
{
    public const string Rival = "rival";
    public const string RivalAccount = "444444444444";
    public const string RivalSecret = "secret@rival.example";
    public const int DemoMails = 15;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public StandaloneProcess Host { get; } = new() { Arguments = ["--Logging:LogLevel:Default=Warning"] };

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>A message id of the rival tenant's, which the demo tenant must never see.</summary>
    public string RivalMessageId { get; private set; } = "";

    /// <summary>A message id of the demo tenant's.</summary>
    public string DemoMessageId { get; private set; } = "";

    /// <summary>A webhook of the demo tenant's (to a closed loopback port, so its test delivery is in the log, failing).</summary>
    public string DemoWebhookId { get; private set; } = "";

    /// <summary>A list of the demo tenant's with one subscribed contact.</summary>
    public string DemoListId { get; private set; } = "";

    /// <summary>A template of the demo tenant's, one version.</summary>
    public string DemoTemplate { get; } = "demo-welcome";

    /// <summary>A draft broadcast of the demo tenant's to <see cref="DemoListId"/>, never sent.</summary>
    public string DemoBroadcastId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Host.StartAsync();
        await SeedDemoAsync();
        await SeedRivalAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's chromium: Playwright's own browser download cannot work here.
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
        });
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

    /// <summary>A fresh browser context (its own cookies), signed in as <paramref name="tenant"/> on the local sign-in page.</summary>
    public async Task<IPage> SignedInPageAsync(string tenant = "demo", int width = 1280, int height = 900, bool bypassCsp = false)
    {
        var page = await NewPageAsync(width, height, bypassCsp);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Tenant id").FillAsync(tenant);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        return page;
    }

    /// <param name="bypassCsp">For the accessibility checks only: axe is injected as an inline script, which the pages' policy forbids.</param>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BypassCSP = bypassCsp,
            BaseURL = Host.DashboardUrl.AbsoluteUri,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Creates a tenant through the operator API; the tenant has no role yet.</summary>
    public async Task<string> CreateTenantAsync(string id)
    {
        using var operatorClient = await Host.ClientAsync(Host.QueryApiUrl, "tenant=ops&admin=true");
        var created = await operatorClient.PostAsJsonAsync("/tenants", new { id, name = $"Tenant {id}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("externalId").GetString()!;
    }

    /// <summary>The tenant's SES account and IAM role (trusting its external ID) in the sandbox.</summary>
    public async Task CreateSandboxRoleAsync(string accountId, string roleArn, string externalId, string identity)
    {
        using var sandbox = new HttpClient { BaseAddress = Host.SandboxUrl };
        (await sandbox.PutAsJsonAsync($"/_sandbox/accounts/{accountId}", new { verifiedIdentities = new[] { identity } })).EnsureSuccessStatusCode();
        (await sandbox.PutAsJsonAsync("/_sandbox/roles", new { roleArn, externalId })).EnsureSuccessStatusCode();
    }

    public async Task<string> SendAsync(string tenant, string from, string to, string subject)
    {
        using var sender = await Host.ClientAsync(Host.SendApiUrl, $"tenant={tenant}");
        var sent = await sender.PostAsJsonAsync("/mail", new { from, to = new[] { to }, subject, text = "Hello from the dashboard tests." });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task WaitForEventsAsync(string tenant, int count)
    {
        using var reader = await Host.ClientAsync(Host.QueryApiUrl, $"tenant={tenant}");
        await Eventually.ValueAsync(
            async () =>
            {
                var page = await reader.GetFromJsonAsync<JsonElement>("/events?limit=200");
                var seen = page.GetProperty("items").GetArrayLength();
                return (seen >= count, seen);
            },
            $"{count} events of tenant {tenant}",
            timeout: TimeSpan.FromSeconds(30));
    }

    private async Task SeedDemoAsync()
    {
        for (var i = 0; i < DemoMails; i++)
        {
            DemoMessageId = await SendAsync("demo", "news@example.com", "success@simulator.amazonses.com", $"Demo newsletter {i + 1}");
        }

        await SendAsync("demo", "news@example.com", "bounce@simulator.amazonses.com", "Demo to a bouncing address");
        // A Send and a Delivery per mail, a Send and a Bounce for the last.
        await WaitForEventsAsync("demo", (DemoMails * 2) + 2);

        using var query = await Host.ClientAsync(Host.QueryApiUrl, "tenant=demo");
        var webhook = await query.PostAsJsonAsync("/webhooks", new { url = "http://127.0.0.1:9/closed", eventTypes = new[] { "contact.unsubscribed" }, description = "Seeded for the page tests" });
        Assert.Equal(HttpStatusCode.Created, webhook.StatusCode);
        DemoWebhookId = (await webhook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await query.PostAsync($"/webhooks/{DemoWebhookId}/test", null)).StatusCode);

        using var sender = await Host.ClientAsync(Host.SendApiUrl, "tenant=demo");
        var list = await sender.PostAsJsonAsync("/lists", new { name = "Demo newsletter", from = "news@example.com" });
        Assert.Equal(HttpStatusCode.Created, list.StatusCode);
        DemoListId = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var contact = await sender.PostAsJsonAsync("/contacts", new { email = "reader@example.org", lists = new[] { new { listId = DemoListId } }, consent = "Signed up at the demo" });
        Assert.True(contact.IsSuccessStatusCode, await contact.Content.ReadAsStringAsync());
        var template = await sender.PostAsJsonAsync("/templates", new { name = DemoTemplate, subject = "Welcome, {{name}}", html = "<p>Hi {{name}}</p>", text = "Hi {{name}}" });
        Assert.True(template.IsSuccessStatusCode, await template.Content.ReadAsStringAsync());
        var broadcast = await sender.PostAsJsonAsync("/broadcasts", new { listId = DemoListId, name = "Demo draft", from = "news@example.com", subject = "Draft", text = "Hi. Leave: {{unsubscribe_url}}" });
        Assert.True(broadcast.IsSuccessStatusCode, await broadcast.Content.ReadAsStringAsync());
        DemoBroadcastId = (await broadcast.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task SeedRivalAsync()
    {
        var externalId = await CreateTenantAsync(Rival);
        var roleArn = $"arn:aws:iam::{RivalAccount}:role/EmailListSender";
        await CreateSandboxRoleAsync(RivalAccount, roleArn, externalId, "rival.example");
        using var admin = await Host.ClientAsync(Host.QueryApiUrl, $"tenant={Rival}");
        (await admin.PutAsJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/suppression-list/{RivalSecret}", new { reason = "MANUAL" })).EnsureSuccessStatusCode();
        RivalMessageId = await SendAsync(Rival, "hi@rival.example", "success@simulator.amazonses.com", "Rival's confidential launch");
        await SendAsync(Rival, "hi@rival.example", "success@simulator.amazonses.com", "Rival's second mail");
        await WaitForEventsAsync(Rival, 4);
    }
}
