using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

/// <summary>Signed in as demo, nothing of the rival tenant's is reachable: not by page, not by htmx fragment, not by cursor.</summary>
[Collection(DashboardGroup.Name)]
public sealed class TenantIsolationTests(DashboardApp app)
{
    [Fact]
    public async Task The_rival_sees_its_own_message_through_the_same_pages()
    {
        var page = await app.SignedInPageAsync(DashboardApp.Rival);

        await page.GotoAsync($"/emails/{Uri.EscapeDataString(app.RivalMessageId)}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rival's confidential launch" })).ToBeVisibleAsync();
        await page.GotoAsync("/suppression");
        await Expect(page.Locator($"#suppressed tr[data-email='{DashboardApp.RivalSecret}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Another_tenants_message_is_not_found_by_its_id()
    {
        var page = await app.SignedInPageAsync();

        var response = await page.GotoAsync($"/emails/{Uri.EscapeDataString(app.RivalMessageId)}");

        Assert.Equal(404, response!.Status);
        await Expect(page.Locator(".problem")).ToContainTextAsync("Message not found");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("confidential");
    }

    [Fact]
    public async Task Filtering_events_by_another_tenants_message_id_finds_nothing()
    {
        var page = await app.SignedInPageAsync();

        await page.GotoAsync($"/emails?messageId={Uri.EscapeDataString(app.RivalMessageId)}");

        await Expect(page.GetByTestId("no-events")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Another_tenants_cursor_is_refused_by_the_load_more_fragment()
    {
        using var rival = await app.Host.ClientAsync(app.Host.QueryApiUrl, $"tenant={DashboardApp.Rival}");
        var rivalPage = await rival.GetFromJsonAsync<JsonElement>("/events?limit=1");
        var cursor = rivalPage.GetProperty("nextCursor").GetString()!;
        var page = await app.SignedInPageAsync();

        var fragment = await page.APIRequest.GetAsync($"/emails?handler=More&limit=1&cursor={Uri.EscapeDataString(cursor)}",
            new() { Headers = new Dictionary<string, string> { ["HX-Request"] = "true" } });

        var html = await fragment.TextAsync();
        Assert.Contains("The cursor is not valid", html, StringComparison.Ordinal);
        Assert.DoesNotContain("rival", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_tenants_suppressed_address_is_neither_listed_nor_removable()
    {
        var page = await app.SignedInPageAsync();

        await page.GotoAsync("/suppression?prefix=secret");
        await Expect(page.GetByTestId("no-entries")).ToBeVisibleAsync();
        var fragment = await page.APIRequest.GetAsync("/suppression?handler=More&prefix=secret", new() { Headers = new Dictionary<string, string> { ["HX-Request"] = "true" } });
        Assert.DoesNotContain(DashboardApp.RivalSecret, await fragment.TextAsync(), StringComparison.Ordinal);

        // The remove form, posted by hand with demo's antiforgery token for the rival's address.
        var token = await page.EvaluateAsync<string>("() => JSON.parse(document.body.getAttribute('hx-headers')).RequestVerificationToken");
        var removed = await page.APIRequest.PostAsync("/suppression?handler=Remove", new()
        {
            Headers = new Dictionary<string, string> { ["HX-Request"] = "true", ["RequestVerificationToken"] = token },
            Form = FormWith(page, "email", DashboardApp.RivalSecret),
        });
        Assert.Contains("is not on the tenant", await removed.TextAsync(), StringComparison.Ordinal);
        using var rival = await app.Host.ClientAsync(app.Host.QueryApiUrl, $"tenant={DashboardApp.Rival}");
        Assert.True((await rival.GetAsync($"/suppression-list/{DashboardApp.RivalSecret}")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var page = await app.SignedInPageAsync();

        var removed = await page.APIRequest.PostAsync("/suppression?handler=Remove", new() { Form = FormWith(page, "email", "bounce@simulator.amazonses.com") });

        Assert.Equal(400, removed.Status);
        await page.GotoAsync("/suppression");
        await Expect(page.Locator("#suppressed tr[data-email='bounce@simulator.amazonses.com']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Without_signing_in_pages_lead_to_sign_in_and_fragments_ask_htmx_to_go_there()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/emails");
        Assert.Equal("/sign-in", new Uri(page.Url).AbsolutePath);

        var fragment = await page.APIRequest.GetAsync("/emails?handler=More", new()
        {
            Headers = new Dictionary<string, string> { ["HX-Request"] = "true" },
            MaxRedirects = 0,
        });
        Assert.Equal("/sign-in", fragment.Headers["hx-redirect"]);
        Assert.DoesNotContain("data-event-id", await fragment.TextAsync(), StringComparison.Ordinal);
    }

    private static IFormData FormWith(IPage page, string name, string value) => page.APIRequest.CreateFormData().Set(name, value);
}
