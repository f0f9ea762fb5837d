using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

[Collection(DashboardGroup.Name)]
public sealed class SuppressionTests(DashboardApp app)
{
    [Fact]
    public async Task The_list_counts_by_reason_and_shows_the_address_that_bounced()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/suppression");

        await Expect(page.Locator("[data-reason=BOUNCE]")).ToHaveTextAsync("1");
        await Expect(page.Locator("#suppressed tr[data-email='bounce@simulator.amazonses.com']")).ToContainTextAsync("BOUNCE");
    }

    [Fact]
    public async Task An_address_added_by_hand_is_listed_and_removing_it_takes_it_off()
    {
        var address = $"manual-{Guid.NewGuid():N}@example.net";
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/suppression");

        await page.GetByLabel("Address", new() { Exact = true }).FillAsync(address);
        await page.GetByRole(AriaRole.Button, new() { Name = "Suppress" }).ClickAsync();

        await Expect(page.GetByTestId("status")).ToContainTextAsync($"{address} is suppressed (MANUAL)");
        var row = page.Locator($"#suppressed tr[data-email='{address}']");
        await Expect(row).ToContainTextAsync("MANUAL");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Remove {address}" }).ClickAsync();

        await Expect(page.GetByTestId("removed")).ToHaveTextAsync($"{address} is no longer suppressed.");
        await page.GotoAsync($"/suppression?prefix={Uri.EscapeDataString(address)}");
        await Expect(page.GetByTestId("no-entries")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_invalid_address_is_refused_with_the_reason_next_to_the_field()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/suppression");

        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("no-at-sign");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suppress" }).ClickAsync();

        await Expect(page.GetByLabel("Address", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#email-errors")).ToContainTextAsync("no-at-sign");
    }

    [Fact]
    public async Task A_CSV_import_reports_what_it_added_and_which_lines_it_skipped_and_the_export_holds_them()
    {
        var address = $"imported-{Guid.NewGuid():N}@example.net";
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/suppression");

        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "list.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes($"email,reason\n{address},UNSUBSCRIBE\nnot-an-address,MANUAL\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        var result = page.GetByTestId("import-result");
        await Expect(result).ToContainTextAsync("1 imported, 1 skipped");
        await Expect(result).ToContainTextAsync("Line 3");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("email,reason", csv, StringComparison.Ordinal);
        Assert.Contains($"{address},UNSUBSCRIBE", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Syncing_with_SES_reports_both_directions()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/suppression");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();

        var result = page.GetByTestId("sync-result");
        await Expect(result).ToContainTextAsync("Pulled:");
        await Expect(result).ToContainTextAsync("Pushed:");
    }
}
