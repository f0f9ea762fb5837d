using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmailList.Dashboard.Tests;

[Collection(DashboardGroup.Name)]
public sealed class WebhookTests(DashboardApp app)
{
    [Fact]
    public async Task A_webhook_created_on_the_page_shows_its_secret_once_is_listed_and_its_test_delivery_shows_in_the_log()
    {
        await using var receiver = new WebhookReceiver();
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/webhooks");

        await page.GetByLabel("Endpoint URL").FillAsync(receiver.Url.AbsoluteUri);
        await page.GetByLabel("email.bounced").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();

        await Expect(page.GetByTestId("secret")).ToContainTextAsync("will not be shown again");
        var secret = await page.GetByTestId("secret-value").TextContentAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var row = page.Locator("#webhooks tr", new() { HasText = receiver.Url.AbsoluteUri });
        await Expect(row).ToContainTextAsync("email.bounced");
        await Expect(row).ToContainTextAsync("Enabled");

        await page.GotoAsync("/webhooks");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(secret!);
        await page.GetByRole(AriaRole.Link, new() { Name = receiver.Url.AbsoluteUri }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("webhook.test");

        await Eventually.ValueAsync(async () => (receiver.Received.Any(r => r.Body.Contains("webhook.test", StringComparison.Ordinal) && r.Signature is not null), receiver.Received.Count),
            "the test event at the receiver", timeout: TimeSpan.FromSeconds(20));
        await Eventually.ValueAsync(async () =>
        {
            await page.ReloadAsync();
            var status = await page.Locator("#deliveries [data-testid=delivery-status]").First.TextContentAsync(new() { Timeout = 2_000 });
            return (status == "succeeded", status);
        }, "the delivery marked succeeded in the log", timeout: TimeSpan.FromSeconds(20));
        var delivery = page.Locator("#deliveries tbody tr[data-delivery-id]").First;
        await Expect(delivery).ToContainTextAsync("webhook.test");
        await Expect(delivery).ToContainTextAsync("200");

        await delivery.GetByRole(AriaRole.Button, new() { NameRegex = new("^Retry") }).ClickAsync();
        await Eventually.ValueAsync(async () => (receiver.Received.Count(r => r.Body.Contains("webhook.test", StringComparison.Ordinal)) >= 2, receiver.Received.Count),
            "the retried delivery at the receiver", timeout: TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_bad_url_and_no_event_type_are_refused_next_to_their_fields()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/webhooks");

        await page.GetByLabel("Endpoint URL").FillAsync("ftp://example.com/hook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();

        await Expect(page.GetByLabel("Endpoint URL")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#url-errors")).ToContainTextAsync("ftp");
        await Expect(page.Locator("#eventTypes-errors")).ToContainTextAsync("at least one event type");
    }

    [Fact]
    public async Task A_webhook_is_disabled_enabled_given_a_new_secret_and_deleted_after_confirmation()
    {
        await using var receiver = new WebhookReceiver();
        var id = await CreateAsync("demo", receiver.Url);
        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/webhooks/{id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(page.GetByTestId("webhook-state")).ToHaveTextAsync("Disabled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send test" })).Not.ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(page.GetByTestId("webhook-state")).ToHaveTextAsync("Enabled");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Expect(page.GetByTestId("secret")).ToContainTextAsync("will not be shown again");
        await Expect(page.GetByTestId("secret-value")).ToContainTextAsync("whsec_");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete for good" })).Not.ToBeVisibleAsync();
        await page.GetByText("Delete this webhook").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete for good" }).ClickAsync();

        await Expect(page.GetByTestId("status")).ToContainTextAsync($"{id} is deleted");
        await Expect(page.Locator($"#webhooks tr[data-webhook-id='{id}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Another_tenants_webhook_id_answers_not_found_and_is_left_alone()
    {
        await using var receiver = new WebhookReceiver();
        var id = await CreateAsync(DashboardApp.Rival, receiver.Url);
        var page = await app.SignedInPageAsync();

        var response = await page.GotoAsync($"/webhooks/{id}");

        Assert.Equal(404, response!.Status);
        await Expect(page.Locator(".problem")).ToContainTextAsync("Webhook not found");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(receiver.Url.AbsoluteUri);
        var fragment = await page.APIRequest.GetAsync($"/webhooks/{id}?handler=More", new() { Headers = new Dictionary<string, string> { ["HX-Request"] = "true" } });
        Assert.Contains("Webhook not found", await fragment.TextAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/webhooks");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(receiver.Url.AbsoluteUri);

        var token = await page.EvaluateAsync<string>("() => JSON.parse(document.body.getAttribute('hx-headers')).RequestVerificationToken");
        var deleted = await page.APIRequest.PostAsync($"/webhooks/{id}?handler=Delete", new()
        {
            Headers = new Dictionary<string, string> { ["RequestVerificationToken"] = token },
        });
        Assert.Contains("Webhook not found", await deleted.TextAsync(), StringComparison.Ordinal);
        using var rival = await app.Host.ClientAsync(app.Host.QueryApiUrl, $"tenant={DashboardApp.Rival}");
        Assert.Equal(HttpStatusCode.OK, (await rival.GetAsync($"/webhooks/{id}")).StatusCode);
    }

    private async Task<string> CreateAsync(string tenant, Uri url)
    {
        using var client = await app.Host.ClientAsync(app.Host.QueryApiUrl, $"tenant={tenant}");
        var created = await client.PostAsJsonAsync("/webhooks", new { url, eventTypes = new[] { "email.bounced" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
