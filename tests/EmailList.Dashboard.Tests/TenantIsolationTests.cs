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

    [Fact]
    public async Task The_write_forms_posted_with_another_tenants_template_list_or_broadcast_change_and_show_nothing_of_theirs()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var template = $"rival-plan-{suffix}";
        using var rival = await app.Host.ClientAsync(app.Host.SendApiUrl, $"tenant={DashboardApp.Rival}");
        (await rival.PostAsJsonAsync("/templates", new { name = template, subject = "Rival's hidden subject", text = "Rival's hidden text {{name}}" })).EnsureSuccessStatusCode();
        var list = await IdOf(await rival.PostAsJsonAsync("/lists", new { name = $"Rival's hidden list {suffix}", from = "hi@rival.example" }));
        var broadcast = await IdOf(await rival.PostAsJsonAsync("/broadcasts", new { listId = list, name = $"Rival's hidden broadcast {suffix}", from = "hi@rival.example", subject = "Hidden", text = "Hi {{unsubscribe_url}}" }));
        var page = await app.SignedInPageAsync();
        var token = await page.EvaluateAsync<string>("() => JSON.parse(document.body.getAttribute('hx-headers')).RequestVerificationToken");

        async Task<string> PostAsync(string url, params (string Name, string Value)[] fields)
        {
            var form = page.APIRequest.CreateFormData();
            foreach (var (name, value) in fields)
            {
                form.Set(name, value);
            }

            var response = await page.APIRequest.PostAsync(url, new() { Headers = new Dictionary<string, string> { ["RequestVerificationToken"] = token }, Form = form, MaxRedirects = 0 });
            Assert.True(response.Status is not (400 or 302), $"{url} answered {response.Status}.");
            return await response.TextAsync();
        }

        string[] answers =
        [
            await PostAsync($"/templates/{template}?handler=Preview", ("data", "{\"name\": \"x\"}")),
            await PostAsync($"/templates/{template}?handler=Update", ("Form.Subject", "Overwritten by demo"), ("Form.Text", "Overwritten")),
            await PostAsync($"/templates/{template}?handler=Delete"),
            await PostAsync($"/lists/{list}?handler=Rename", ("name", "Renamed by demo")),
            await PostAsync($"/lists/{list}?handler=AddContact", ("email", "planted@example.org"), ("consent", "Planted")),
            await PostAsync($"/lists/{list}?handler=Delete"),
            await PostAsync($"/broadcasts/{broadcast}?handler=Test", ("to", "success@simulator.amazonses.com")),
            await PostAsync($"/broadcasts/{broadcast}?handler=Schedule", ("at", "2099-01-01T09:00")),
            await PostAsync($"/broadcasts/{broadcast}", ("action", "send")),
        ];

        foreach (var html in answers)
        {
            Assert.DoesNotContain("Rival's hidden", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Test sent", html, StringComparison.Ordinal);
        }

        var stored = await rival.GetFromJsonAsync<JsonElement>($"/templates/{template}");
        Assert.Equal(1, stored.GetProperty("version").GetInt32());
        Assert.Equal("Rival's hidden subject", stored.GetProperty("subject").GetString());
        var storedList = await rival.GetFromJsonAsync<JsonElement>($"/lists/{list}");
        Assert.Equal($"Rival's hidden list {suffix}", storedList.GetProperty("name").GetString());
        var contacts = await rival.GetFromJsonAsync<JsonElement>($"/contacts?list={list}");
        Assert.DoesNotContain("planted@example.org", contacts.GetRawText(), StringComparison.Ordinal);
        var storedBroadcast = await rival.GetFromJsonAsync<JsonElement>($"/broadcasts/{broadcast}");
        Assert.Equal("draft", storedBroadcast.GetProperty("status").GetString());
    }

    private static async Task<string> IdOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static IFormData FormWith(IPage page, string name, string value) => page.APIRequest.CreateFormData().Set(name, value);
}
