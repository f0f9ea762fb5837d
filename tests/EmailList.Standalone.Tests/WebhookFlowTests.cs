using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;
using EmailList.Testing.Webhooks;

namespace EmailList.Standalone.Tests;

/// <summary>
/// Webhooks on the embedded default, as the README tells it: create a webhook on a local endpoint, send a mail through
/// the sandbox, receive the signed email.sent and email.delivered deliveries, see them in the delivery log.
/// </summary>
public sealed class WebhookFlowTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_mail_sent_reaches_the_tenants_webhook_signed_and_shows_in_the_delivery_log()
    {
        using var query = await host.ClientAsync(baseAddress: host.QueryApiUrl);
        using var send = await host.ClientAsync();
        using var created = await query.PostAsJsonAsync("/webhooks", new
        {
            url = _receiver.At("emaillist").AbsoluteUri,
            eventTypes = new[] { "email.sent", "email.delivered" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = webhook.GetProperty("id").GetString()!;
        var secret = webhook.GetProperty("secret").GetString()!;

        using var sent = await send.PostAsJsonAsync("/mail", new { from = "news@example.com", to = new[] { "success@simulator.amazonses.com" }, subject = "Hooked", text = "Hello" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var received = await Eventually.ValueAsync(async () =>
        {
            await Task.Yield();
            var mine = _receiver.ReceivedAt("emaillist").Where(r => r.Payload.Contains(messageId, StringComparison.Ordinal)).ToList();
            return (mine.Count >= 2, mine);
        }, $"email.sent and email.delivered of {messageId} at the webhook", timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(["email.delivered", "email.sent"], received.Select(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("type").GetString()).Order());
        Assert.All(await StandardWebhooksVerifier.VerifyAsync(received, secret), Assert.Null);

        var log = await Eventually.ValueAsync(async () =>
        {
            var page = await query.GetFromJsonAsync<JsonElement>($"/webhooks/{id}/deliveries?status=succeeded");
            return (page.GetProperty("items").GetArrayLength() >= 2, page);
        }, "the two deliveries logged as succeeded");
        var logged = log.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToHashSet();
        Assert.Superset(logged, received.Select(r => r.Id).ToHashSet());
    }
}
