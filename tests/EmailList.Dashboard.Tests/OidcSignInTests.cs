using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

/// <summary>Production's sign-in, in a browser: the dashboard sends the user to the provider and back, and keeps the tokens.</summary>
public sealed partial class OidcSignInTests(OidcDashboardApp app) : IClassFixture<OidcDashboardApp>
{
    [Fact]
    public async Task Signing_in_at_the_provider_shows_the_chosen_tenants_data_and_no_token_reaches_the_browser()
    {
        var context = await app.NewContextAsync();
        var dashboardOrigin = app.Host.DashboardUrl.GetLeftPart(UriPartial.Authority);
        var fetched = new List<string>();
        context.Response += (_, response) =>
        {
            if (response.Url.StartsWith(dashboardOrigin, StringComparison.Ordinal) && response.Status == 200 && response.Request.Method == "GET")
            {
                lock (fetched)
                {
                    fetched.Add(response.Url);
                }
            }
        };
        var page = await context.NewPageAsync();

        await page.GotoAsync("/emails");
        await page.WaitForURLAsync(url => url.StartsWith(app.Host.SandboxUrl.GetLeftPart(UriPartial.Authority) + "/oidc/authorize", StringComparison.Ordinal));
        await page.GetByLabel("Tenant id").FillAsync("demo");
        await page.GetByLabel("User name").FillAsync("ada");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync(url => url.StartsWith(dashboardOrigin + "/emails", StringComparison.Ordinal));
        await Expect(page.GetByTestId("tenant")).ToHaveTextAsync("demo");
        // The events come from the query API, which answers only a token it trusts: the one the provider issued for demo.
        await Expect(page.Locator("main")).ToContainTextAsync(OidcDashboardApp.DemoSubject);
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("sent")).Not.ToHaveTextAsync("0");

        foreach (var cookie in await context.CookiesAsync())
        {
            Assert.DoesNotMatch(Jwt(), cookie.Value);
        }

        // Every page, fragment, script and stylesheet the browser got, fetched again with the same session cookie.
        string[] urls;
        lock (fetched)
        {
            urls = [.. fetched.Distinct()];
        }

        Assert.Contains(urls, url => url.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(urls, url => new Uri(url).AbsolutePath == "/emails");
        foreach (var url in urls)
        {
            var again = await context.APIRequest.GetAsync(url);
            Assert.Equal(200, again.Status);
            Assert.DoesNotMatch(Jwt(), await again.TextAsync());
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session_so_its_cookie_no_longer_signs_anyone_in()
    {
        var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Tenant id").FillAsync("demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("tenant")).ToHaveTextAsync("demo");
        var signedInCookies = await context.CookiesAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // Out through the provider's end-session endpoint and back to the dashboard's sign-in page.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/sign-in");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in with your organisation's account" })).ToBeVisibleAsync();
        var replay = await app.NewContextAsync();
        await replay.AddCookiesAsync(signedInCookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var stale = await replay.NewPageAsync();
        await stale.GotoAsync("/emails");
        await stale.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/oidc/authorize");
        await Expect(stale.GetByTestId("tenant")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_provider_refuses_a_malformed_tenant_next_to_the_field()
    {
        var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Tenant id").FillAsync("Not A Tenant!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator("#tenant-problem")).ToContainTextAsync("lower-case letters");
        await Expect(page.GetByLabel("Tenant id")).ToHaveAttributeAsync("aria-invalid", "true");
    }

    /// <summary>A compact JWS: two base64url JSON segments (each starting "eyJ") and a signature.</summary>
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+")]
    private static partial Regex Jwt();
}
