using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

[Collection(DashboardGroup.Name)]
public sealed class ListTests(DashboardApp app)
{
    [Fact]
    public async Task A_list_is_shown_with_its_double_opt_in_and_its_sign_up_url()
    {
        var name = $"Launch news {Guid.NewGuid():N}";
        var id = await CreateListAsync("demo", name);
        var page = await app.SignedInPageAsync();

        await page.GotoAsync("/lists");
        var row = page.Locator($"#lists tr[data-list-id='{id}']");
        await Expect(row).ToContainTextAsync(name);
        await Expect(row).ToContainTextAsync("On");
        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-up-url")).ToContainTextAsync("http");
        await Expect(page.GetByTestId("double-opt-in")).ToContainTextAsync("On");
    }

    [Fact]
    public async Task A_lists_contacts_are_filtered_by_status_and_address_and_loaded_a_page_at_a_time()
    {
        var id = await CreateListAsync("demo", $"Filtered {Guid.NewGuid():N}");
        using var sender = await app.Host.ClientAsync(app.Host.SendApiUrl, "tenant=demo");
        foreach (var name in new[] { "ann", "bob", "cid" })
        {
            await AddContactAsync(sender, $"{name}@example.org", id);
        }

        // Unsubscribed rather than pending: a pending sign-up would mail a confirmation and change the demo's sent counts.
        var dee = await AddContactAsync(sender, "dee@example.org", id);
        Assert.True((await sender.DeleteAsync($"/contacts/{dee}/lists/{id}")).IsSuccessStatusCode);
        var page = await app.SignedInPageAsync();

        await page.GotoAsync($"/lists/{id}?limit=2");
        await Expect(page.Locator("#contacts tr[data-contact-id]")).ToHaveCountAsync(2);
        await page.GetByTestId("load-more").ClickAsync();
        await Expect(page.Locator("#contacts tr[data-contact-id]")).ToHaveCountAsync(4);

        await page.GetByLabel("Status").SelectOptionAsync("unsubscribed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#contacts tr[data-contact-id]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#contacts tr[data-contact-id]")).ToContainTextAsync("dee@example.org");

        await page.GotoAsync($"/lists/{id}?q=bob");
        await Expect(page.Locator("#contacts tr[data-contact-id]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#contacts tr[data-contact-id]")).ToContainTextAsync("subscribed");
        await page.GotoAsync($"/lists/{id}?q=nobody-here");
        await Expect(page.GetByTestId("no-contacts")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_list_is_created_renamed_given_a_contact_and_deleted_in_the_browser()
    {
        var name = $"Made here {Guid.NewGuid():N}";
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/lists");

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("From").FillAsync("news@example.com");
        await page.GetByLabel("Reply to (optional)").FillAsync("editor@example.com");
        await page.GetByLabel("Double opt-in").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create list" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync($"The list {name} is created");
        await Expect(page.GetByTestId("double-opt-in")).ToContainTextAsync("Off");
        await Expect(page.GetByTestId("sign-up-url")).ToContainTextAsync("http");

        await page.Locator("#name").FillAsync(name + " renamed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync($"Renamed to {name} renamed");

        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("joined.here@example.org");
        await page.GetByLabel("Attributes (optional JSON)").FillAsync("{\"first_name\": \"Jo\"}");
        await page.GetByLabel("Consent (optional)").FillAsync("Asked at the counter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("joined.here@example.org is on the list: subscribed");
        await Expect(page.Locator("#contacts tr[data-contact-id]")).ToContainTextAsync("joined.here@example.org");

        var id = new Uri(page.Url).Segments[^1];
        await page.GetByText("Delete this list").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete for good" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("is deleted");
        await Expect(page.Locator($"#lists tr[data-list-id='{id}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_apis_problems_show_next_to_the_field_they_are_about()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/lists");

        await page.GetByLabel("Name").FillAsync($"Bad sender {Guid.NewGuid():N}");
        await page.GetByLabel("From").FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create list" }).ClickAsync();
        await Expect(page.Locator("#from-errors")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("From")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GotoAsync($"/lists/{app.DemoListId}");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("attrs@example.org");
        await page.GetByLabel("Attributes (optional JSON)").FillAsync("[1, 2]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();
        await Expect(page.Locator("#attributes-errors")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Attributes (optional JSON)")).ToHaveValueAsync("[1, 2]");
    }

    [Fact]
    public async Task Another_tenants_list_id_answers_not_found()
    {
        var name = $"Rival's secret list {Guid.NewGuid():N}";
        var id = await CreateListAsync(DashboardApp.Rival, name, from: "hi@rival.example");
        var page = await app.SignedInPageAsync();

        var response = await page.GotoAsync($"/lists/{id}");

        Assert.Equal(404, response!.Status);
        await Expect(page.Locator(".problem")).ToContainTextAsync("List not found");
        var fragment = await page.APIRequest.GetAsync($"/lists/{id}?handler=More", new() { Headers = new Dictionary<string, string> { ["HX-Request"] = "true" } });
        Assert.DoesNotContain("data-contact-id", await fragment.TextAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/lists");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(name);
    }

    private async Task<string> CreateListAsync(string tenant, string name, string from = "news@example.com")
    {
        using var client = await app.Host.ClientAsync(app.Host.SendApiUrl, $"tenant={tenant}");
        var created = await client.PostAsJsonAsync("/lists", new { name, from });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Subscribed at once (a consent statement, so no confirmation mail); the contact's id.</summary>
    private static async Task<string> AddContactAsync(HttpClient sender, string email, string listId)
    {
        var created = await sender.PostAsJsonAsync("/contacts", new { email, lists = new[] { new { listId } }, consent = "Ticked the box at the fair" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
