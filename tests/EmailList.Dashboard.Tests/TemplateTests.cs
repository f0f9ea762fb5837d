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
}
