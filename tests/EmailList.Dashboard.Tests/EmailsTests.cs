using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

[Collection(DashboardGroup.Name)]
public sealed class EmailsTests(DashboardApp app)
{
    private const int AllDemoEvents = (DashboardApp.DemoMails * 2) + 2;

    [Fact]
    public async Task Load_more_pages_through_every_event_with_the_signed_cursor()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/emails");
        var rows = page.Locator("#events tr[data-event-id]");
        await Expect(rows).ToHaveCountAsync(25);

        await page.GetByTestId("load-more").ClickAsync();

        await Expect(rows).ToHaveCountAsync(AllDemoEvents);
        await Expect(page.GetByTestId("end-of-list")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("load-more")).ToHaveCountAsync(0);
        var ids = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.eventId)");
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public async Task Filtering_by_event_type_shows_only_that_type()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/emails");

        await page.GetByLabel("Bounce").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show events" }).ClickAsync();

        var rows = page.Locator("#events tr[data-event-id]");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Locator(".badge")).ToHaveTextAsync("Bounce");
        await Expect(rows).ToContainTextAsync("bounce@simulator.amazonses.com");
        Assert.Contains("type=Bounce", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filtering_by_recipient_and_paging_keeps_the_filter()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/emails");

        await page.GetByLabel("Recipient").FillAsync("success@simulator.amazonses.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show events" }).ClickAsync();
        var rows = page.Locator("#events tr[data-event-id]");
        await Expect(rows).ToHaveCountAsync(25);
        await page.GetByTestId("load-more").ClickAsync();

        await Expect(rows).ToHaveCountAsync(DashboardApp.DemoMails * 2);
        Assert.Empty(await rows.Filter(new() { HasText = "bounce@" }).AllAsync());
    }

    [Fact]
    public async Task An_invalid_filter_says_what_is_wrong_next_to_the_field()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/emails");

        await page.GetByLabel("Recipient").FillAsync("not-an-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show events" }).ClickAsync();

        var recipient = page.GetByLabel("Recipient");
        await Expect(recipient).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#recipient-errors")).ToContainTextAsync("is not a valid email address");
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_says_how_to_widen_it()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/emails?recipient=nobody%40example.org");

        await Expect(page.GetByTestId("no-events")).ToContainTextAsync("No event matches these filters");
    }

    [Fact]
    public async Task Opening_a_timeline_shows_the_messages_state_and_events_oldest_first()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/emails?messageId={Uri.EscapeDataString(app.DemoMessageId)}");

        await page.Locator("#events a", new() { HasText = "Timeline" }).First.ClickAsync();

        await page.WaitForURLAsync($"**/emails/{app.DemoMessageId}");
        await Expect(page.GetByTestId("message-status")).ToHaveTextAsync("Delivered");
        await Expect(page.GetByTestId("timeline").Locator("li .badge")).ToHaveTextAsync(["Send", "Delivery"]);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Demo newsletter {DashboardApp.DemoMails}" })).ToBeVisibleAsync();
    }
}
