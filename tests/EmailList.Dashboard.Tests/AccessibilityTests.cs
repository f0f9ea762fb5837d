using System.Text.Json;
using Microsoft.Playwright;

namespace EmailList.Dashboard.Tests;

/// <summary>Every page: axe-core finds no serious or critical violation, every control is reached with Tab, and it fits 375 px.</summary>
[Collection(DashboardGroup.Name)]
public sealed class AccessibilityTests(DashboardApp app)
{
    private static readonly string AxeScript = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");

    public static TheoryData<string> Pages => ["/", "/?period=24h", "/emails", "/emails?recipient=bad", "/emails/{message}", "/emails/unknown-message", "/suppression", "/settings", "/broadcasts", "/broadcasts/{broadcast}", "/templates", "/templates/{template}", "/webhooks", "/webhooks/{webhook}", "/lists", "/lists/{list}"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Axe_finds_no_serious_or_critical_violation(string path)
    {
        var page = await app.SignedInPageAsync(bypassCsp: true);
        await page.GotoAsync(Resolve(path));
        await OpenEveryDetailsAsync(page);

        var violations = await SeriousViolationsAsync(page);

        Assert.True(violations.Count == 0, $"{path}: {string.Join("\n", violations)}");
    }

    [Fact]
    public async Task The_sign_in_page_has_no_serious_or_critical_violation()
    {
        var page = await app.NewPageAsync(bypassCsp: true);
        await page.GotoAsync("/sign-in");

        var violations = await SeriousViolationsAsync(page);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_control_is_reached_with_the_keyboard(string path)
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync(Resolve(path));
        await page.EvaluateAsync("() => document.addEventListener('focusin', e => e.target.setAttribute('data-reached', ''))");
        var controls = await page.EvaluateAsync<int>(VisibleControlsScript + ".length");

        // A date input has a tab stop per part (day, month, year), so press until every control was reached, within a bound.
        string[] missed = [];
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < controls; i++)
            {
                await page.Keyboard.PressAsync("Tab");
            }

            missed = await page.EvaluateAsync<string[]>(VisibleControlsScript + ".filter(e => !e.hasAttribute('data-reached')).map(e => e.outerHTML.slice(0, 120))");
            if (missed.Length == 0)
            {
                break;
            }
        }

        Assert.True(missed.Length == 0, $"{path}: not reached with Tab:\n{string.Join("\n", missed)}");
        Assert.True(controls > 5, $"{path} has only {controls} controls: the probe found none of the navigation.");
    }

    [Fact]
    public async Task The_first_tab_stop_skips_to_the_content()
    {
        var page = await app.SignedInPageAsync();

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_fits_a_375_pixel_wide_screen(string path)
    {
        var page = await app.SignedInPageAsync(width: 375, height: 812);
        await page.GotoAsync(Resolve(path));

        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var offenders = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect(); return r.right > 376 && !e.closest('.table-wrap'); }).slice(0, 5).map(e => e.outerHTML.slice(0, 100))");

        Assert.True(width <= 375, $"{path} is {width} px wide at 375 px: {string.Join("\n", offenders)}");
        var text = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.body).fontSize)");
        Assert.True(text >= 16, $"{path}: body text is {text} px.");
    }

    private const string VisibleControlsScript =
        "[...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary, [tabindex]:not([tabindex=\"-1\"])')]" +
        ".filter(e => e.checkVisibility() && !e.disabled && !e.classList.contains('skip-link'))";

    private string Resolve(string path) => path
        .Replace("{message}", Uri.EscapeDataString(app.DemoMessageId), StringComparison.Ordinal)
        .Replace("{webhook}", Uri.EscapeDataString(app.DemoWebhookId), StringComparison.Ordinal)
        .Replace("{list}", Uri.EscapeDataString(app.DemoListId), StringComparison.Ordinal)
        .Replace("{template}", Uri.EscapeDataString(app.DemoTemplate), StringComparison.Ordinal)
        .Replace("{broadcast}", Uri.EscapeDataString(app.DemoBroadcastId), StringComparison.Ordinal);

    private static async Task OpenEveryDetailsAsync(IPage page) =>
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");

    private static async Task<List<string>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = AxeScript });
        var result = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations");
        return result.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at " +
                string.Join(", ", v.GetProperty("nodes").EnumerateArray().Take(3).Select(n => n.GetProperty("target").ToString())))
            .ToList();
    }
}
