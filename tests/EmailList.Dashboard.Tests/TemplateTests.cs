using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

[Collection(DashboardGroup.Name)]
public sealed class TemplateTests(DashboardApp app)
{
    [Fact]
    public async Task A_stored_template_is_listed_and_its_html_shows_as_source_not_as_markup()
    {
        var name = "welcome-" + Guid.NewGuid().ToString("N")[..6];
        using var client = await app.Host.ClientAsync(app.Host.SendApiUrl, "tenant=demo");
        var created = await client.PostAsJsonAsync("/templates", new { name, subject = "Welcome {{name}}", html = "<h1 id=\"injected\">Hi {{name}}</h1>", text = "Hi {{name}}" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var page = await app.SignedInPageAsync();

        await page.GotoAsync("/templates");
        await page.Locator($"#templates tr[data-template='{name}']").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Expect(page.GetByTestId("template-subject")).ToHaveTextAsync("Welcome {{name}}");
        await Expect(page.GetByTestId("template-html")).ToHaveTextAsync("<h1 id=\"injected\">Hi {{name}}</h1>");
        await Expect(page.Locator("#injected")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Another_tenants_template_is_not_found()
    {
        var name = "rival-" + Guid.NewGuid().ToString("N")[..6];
        using var rival = await app.Host.ClientAsync(app.Host.SendApiUrl, $"tenant={DashboardApp.Rival}");
        (await rival.PostAsJsonAsync("/templates", new { name, subject = "Rival's plan", text = "Secret" })).EnsureSuccessStatusCode();
        var page = await app.SignedInPageAsync();

        var response = await page.GotoAsync($"/templates/{name}");

        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Rival's plan");
    }

    [Fact]
    public async Task A_template_is_created_edited_into_a_new_version_previewed_in_a_sandbox_and_deleted_in_the_browser()
    {
        var name = "made-" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/templates");

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Subject").FillAsync("Hello {{name}}");
        await page.GetByLabel("HTML", new() { Exact = true }).FillAsync("<p id=\"greeting\">Hi {{name}}</p><script>document.body.setAttribute('data-ran', '1')</script>");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Hi {{name}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("created as version 1");
        await Expect(page.GetByTestId("template-version")).ToHaveTextAsync("Version 1");

        await page.GetByLabel("Subject").FillAsync("Welcome aboard, {{name}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        await Expect(page.GetByTestId("template-version")).ToHaveTextAsync("Version 2");
        await Expect(page.GetByTestId("template-subject")).ToHaveTextAsync("Welcome aboard, {{name}}");

        await page.GetByLabel("Data (JSON)").FillAsync("{\"name\": \"Jane\"}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Render preview" }).ClickAsync();
        await Expect(page.GetByTestId("preview-subject")).ToHaveTextAsync("Welcome aboard, Jane");
        await Expect(page.GetByTestId("preview-text")).ToHaveTextAsync("Hi Jane");
        var frame = page.FrameLocator("[data-testid=preview-html]");
        await Expect(frame.Locator("#greeting")).ToHaveTextAsync("Hi Jane");
        await Expect(frame.Locator("body[data-ran]")).ToHaveCountAsync(0);
        Assert.Equal("", await page.GetByTestId("preview-html").GetAttributeAsync("sandbox"));
        await Expect(page.Locator("body[data-ran]")).ToHaveCountAsync(0);

        await page.GetByText("Delete this template").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete for good" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync($"{name} is deleted");
        await Expect(page.Locator($"#templates tr[data-template='{name}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_apis_problems_show_next_to_the_field_they_are_about()
    {
        var name = "broken-" + Guid.NewGuid().ToString("N")[..6];
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/templates");

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Subject").FillAsync("Hello");
        await page.GetByLabel("HTML", new() { Exact = true }).FillAsync("<p>{{#if plan}}never closed</p>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();
        await Expect(page.Locator("#html-errors")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("HTML", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("HTML", new() { Exact = true })).ToHaveValueAsync("<p>{{#if plan}}never closed</p>");

        await page.GetByLabel("Name").FillAsync("not a valid name!");
        await page.GetByLabel("HTML", new() { Exact = true }).FillAsync("<p>Hi {{name}} on line two</p>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();
        await Expect(page.Locator("#name-errors")).ToBeVisibleAsync();

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();
        await Expect(page.GetByTestId("template-version")).ToHaveTextAsync("Version 1");
        await page.GetByLabel("Data (JSON)").FillAsync("{\"plan\": \"pro\"}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Render preview" }).ClickAsync();
        await Expect(page.Locator("#data-errors")).ToContainTextAsync("name");
        await Expect(page.GetByLabel("Data (JSON)")).ToHaveAttributeAsync("aria-describedby", "data-errors");
        await Expect(page.GetByTestId("preview")).ToHaveCountAsync(0);
    }
}
