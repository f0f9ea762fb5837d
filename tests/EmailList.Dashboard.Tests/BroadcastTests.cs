using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

[Collection(DashboardGroup.Name)]
public sealed class BroadcastTests(DashboardApp app)
{
    [Fact]
    public async Task Sending_a_draft_from_the_dashboard_shows_its_progress_live_until_it_is_sent()
    {
        const int subscribers = 3;
        var id = await CreateBroadcastAsync("demo", "Winter news", subscribers);
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/broadcasts");
        await page.Locator($"#broadcasts tr[data-broadcast-id='{id}']").GetByRole(AriaRole.Link, new() { Name = "Winter news" }).ClickAsync();
        await Expect(page.GetByTestId("broadcast-status")).ToHaveTextAsync("draft");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        // No reload from here: htmx polls the progress fragment while the broadcast is scheduled or sending.
        await Expect(page.GetByTestId("progress")).ToHaveAttributeAsync("data-status", "sent", new() { Timeout = 40_000 });
        await Expect(page.GetByTestId("sent-count")).ToHaveTextAsync(subscribers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_draft_composed_in_the_browser_is_tested_then_sent_and_its_progress_shows_live()
    {
        var list = await CreateListAsync("demo", $"Composed readers {Guid.NewGuid():N}", subscribers: 2);
        var name = $"Composed {Guid.NewGuid():N}"[..18];
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/broadcasts");

        await page.GetByLabel("List").SelectOptionAsync(list);
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Subject").FillAsync("Composed here");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Hi. Leave: {{unsubscribe_url}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("Draft saved");
        await Expect(page.GetByTestId("broadcast-status")).ToHaveTextAsync("draft");

        await page.GetByLabel("Send a test to").FillAsync("success@simulator.amazonses.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("Test sent to success@simulator.amazonses.com");
        await Expect(page.GetByTestId("broadcast-status")).ToHaveTextAsync("draft");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("progress")).ToHaveAttributeAsync("data-status", "sent", new() { Timeout = 40_000 });
        await Expect(page.GetByTestId("sent-count")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task The_apis_problems_show_next_to_the_field_they_are_about()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/broadcasts");

        await page.GetByLabel("Name").FillAsync("No content");
        await page.GetByLabel("From (optional)").FillAsync("not an address");
        await page.GetByLabel("Subject").FillAsync("Hello");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Hi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        await Expect(page.Locator("#from-errors")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("From (optional)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("No content");
    }

    [Fact]
    public async Task Another_tenants_broadcast_is_not_found_nor_listed()
    {
        var rivalBroadcast = await CreateBroadcastAsync(DashboardApp.Rival, "Rival's secret campaign", 1);
        var page = await app.SignedInPageAsync();

        var response = await page.GotoAsync($"/broadcasts/{rivalBroadcast}");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("secret campaign");
        var fragment = await page.APIRequest.GetAsync($"/broadcasts/{rivalBroadcast}?handler=Progress", new() { Headers = new Dictionary<string, string> { ["HX-Request"] = "true" } });
        Assert.DoesNotContain("broadcast-status", await fragment.TextAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/broadcasts");
        await Expect(page.Locator($"tr[data-broadcast-id='{rivalBroadcast}']")).ToHaveCountAsync(0);
    }

    private async Task<string> CreateBroadcastAsync(string tenant, string name, int subscribers)
    {
        var domain = tenant == DashboardApp.Rival ? "rival.example" : "example.com";
        var list = await CreateListAsync(tenant, $"{name} readers", subscribers);
        using var client = await app.Host.ClientAsync(app.Host.SendApiUrl, $"tenant={tenant}");
        return await Created(await client.PostAsJsonAsync("/broadcasts", new { listId = list, name, from = $"news@{domain}", subject = "Hello", text = "Hi. Leave: {{unsubscribe_url}}" }));
    }

    /// <summary>A list with <paramref name="subscribers"/> contacts subscribed at once (consent given, so no confirmation mail).</summary>
    private async Task<string> CreateListAsync(string tenant, string name, int subscribers)
    {
        var domain = tenant == DashboardApp.Rival ? "rival.example" : "example.com";
        using var client = await app.Host.ClientAsync(app.Host.SendApiUrl, $"tenant={tenant}");
        var list = await Created(await client.PostAsJsonAsync("/lists", new { name, from = $"news@{domain}" }));
        for (var i = 0; i < subscribers; i++)
        {
            await Created(await client.PostAsJsonAsync("/contacts", new
            {
                email = $"reader{i}.{Guid.NewGuid():N}@example.org",
                lists = new[] { new { listId = list } },
                consent = "Signed up on the test page",
            }));
        }

        return list;
    }

    private static async Task<string> Created(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }
}
