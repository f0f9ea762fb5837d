using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

[Collection(DashboardGroup.Name)]
public sealed class OverviewTests(DashboardApp app)
{
    [Fact]
    public async Task Signing_in_shows_the_periods_figures_with_SES_thresholds_and_a_drawn_chart_of_events_per_day()
    {
        var page = await app.SignedInPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        await page.ReloadAsync();

        await Expect(page.GetByTestId("tenant")).ToHaveTextAsync("demo");
        await Expect(page.GetByTestId("sent")).ToHaveTextAsync((DashboardApp.DemoMails + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("delivered")).ToHaveTextAsync(DashboardApp.DemoMails.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // One bounce in 16 recipients: 6.25 %, past SES's 5 % review threshold, which the page says.
        await Expect(page.GetByTestId("bounce-rate")).ToHaveTextAsync("6.25 %");
        await Expect(page.GetByTestId("bounce-gauge")).ToHaveAttributeAsync("aria-label", "Bounce rate 6.25 %; SES review at 5 %, pause at 10 %");
        await Expect(page.GetByTestId("complaint-gauge")).ToHaveAttributeAsync("aria-label", "Complaint rate 0 %; SES review at 0.1 %, pause at 0.5 %");
        await Expect(page.Locator(".warning").First).ToContainTextAsync("5 % threshold");

        var chart = page.Locator("#events-chart");
        await Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        var paintedPixels = await chart.EvaluateAsync<int>(
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }");
        Assert.True(paintedPixels > 2000, $"The chart's canvas has only {paintedPixels} painted pixels.");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Choosing_a_period_shows_that_period_by_the_hour()
    {
        var page = await app.SignedInPageAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Last 24 hours" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Last 24 hours" })).ToHaveAttributeAsync("aria-current", "true");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Events per hour by type" })).ToBeVisibleAsync();
        await Expect(page.Locator("#events-chart")).ToHaveAttributeAsync("data-rendered", "true");
    }

    [Fact]
    public async Task A_tenant_without_events_is_told_how_to_get_some()
    {
        var tenant = "quiet-" + Guid.NewGuid().ToString("N")[..6];
        await app.CreateTenantAsync(tenant);
        var page = await app.SignedInPageAsync(tenant);

        await Expect(page.GetByTestId("no-events")).ToContainTextAsync("Send a mail");
        await Expect(page.Locator("#events-chart")).ToHaveCountAsync(0);
    }
}
