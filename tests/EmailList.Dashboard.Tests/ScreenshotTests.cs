using EmailList.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

/// <summary>
/// With EMAILLIST_SCREENSHOTS=1, writes the main pages to docs/screenshots/ for the README; otherwise it still walks
/// the pages (so it can fail), without touching the tree.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class ScreenshotTests(DashboardApp app)
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("EMAILLIST_SCREENSHOTS") == "1";

    [Fact]
    public async Task The_main_pages_render_for_the_README()
    {
        var page = await app.SignedInPageAsync(width: 1280, height: 860);
        await Expect(page.Locator("#events-chart")).ToHaveAttributeAsync("data-rendered", "true");
        await SaveAsync(page, "overview");

        await page.GotoAsync("/emails");
        await SaveAsync(page, "emails");

        await page.GotoAsync($"/emails/{Uri.EscapeDataString(app.DemoMessageId)}");
        await SaveAsync(page, "message");

        await page.GotoAsync("/suppression");
        await SaveAsync(page, "suppression");

        await page.GotoAsync("/settings");
        await SaveAsync(page, "settings");

        var phone = await app.SignedInPageAsync(width: 375, height: 812);
        await Expect(phone.Locator("#events-chart")).ToHaveAttributeAsync("data-rendered", "true");
        await SaveAsync(phone, "overview-375px");
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        if (!Enabled)
        {
            return;
        }

        var folder = Path.Combine(RepositoryRoot.Path, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"dashboard-{name}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }
}
