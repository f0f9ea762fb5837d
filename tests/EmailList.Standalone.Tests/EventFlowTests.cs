using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;

namespace EmailList.Standalone.Tests;

/// <summary>
/// The whole event path over real HTTP, as the README tells it: send API -> sandbox (SES) -> SES event to the
/// ingester -> stored and suppressed -> query API.
/// </summary>
public sealed class EventFlowTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>
{
    [Fact]
    public async Task A_mail_to_the_bounce_simulator_shows_up_as_a_bounce_in_events_and_on_the_suppression_list()
    {
        using var send = await ClientAsync(host.SendApiUrl);
        using var query = await ClientAsync(host.QueryApiUrl);

        var sent = await send.PostAsJsonAsync("/mail", new
        {
            from = "news@example.com",
            to = new[] { "bounce@simulator.amazonses.com" },
            subject = "Will bounce",
            text = "Hello?",
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var bounces = await Eventually.ValueAsync(
            async () =>
            {
                var page = await query.GetFromJsonAsync<JsonElement>($"/events?type=Bounce&messageId={messageId}");
                return (page.GetProperty("items").GetArrayLength() > 0, page);
            },
            $"a Bounce event for {messageId} showing up in the query API");
        var bounce = bounces.GetProperty("items")[0];
        Assert.Equal("Permanent", bounce.GetProperty("bounceType").GetString());
        Assert.Contains("bounce@simulator.amazonses.com", bounce.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));

        var timeline = await query.GetFromJsonAsync<JsonElement>($"/messages/{messageId}");
        Assert.Contains("Bounced", timeline.ToString(), StringComparison.Ordinal);

        var suppressions = await Eventually.ValueAsync(
            async () =>
            {
                var page = await query.GetFromJsonAsync<JsonElement>("/suppression-list?prefix=bounce%40simulator");
                return (page.GetProperty("items").GetArrayLength() > 0, page);
            },
            "the bounced address being added to the suppression list");
        var suppressed = suppressions.GetProperty("items")[0];
        Assert.Equal("BOUNCE", suppressed.GetProperty("reason").GetString());

        var again = await send.PostAsJsonAsync("/mail", new { from = "news@example.com", to = new[] { "bounce@simulator.amazonses.com" }, subject = "Again", text = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task A_delivered_mail_has_send_and_delivery_events_and_stats_count_them()
    {
        using var send = await ClientAsync(host.SendApiUrl);
        using var query = await ClientAsync(host.QueryApiUrl);

        var sent = await send.PostAsJsonAsync("/mail", new { from = "news@example.com", to = new[] { "success@simulator.amazonses.com" }, subject = "Hi", text = "Hi" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var types = await Eventually.ValueAsync(
            async () =>
            {
                var page = await query.GetFromJsonAsync<JsonElement>($"/events?messageId={messageId}");
                var found = page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToHashSet();
                return (found.Contains("Send") && found.Contains("Delivery"), found);
            },
            $"Send and Delivery events for {messageId} showing up in the query API",
            found => "types " + string.Join(", ", found));
        Assert.Equal(2, types.Count);

        var stats = await query.GetFromJsonAsync<JsonElement>("/stats?preset=24h&bucket=hour");
        Assert.Contains("Delivery", stats.ToString(), StringComparison.Ordinal);
    }

    // Tokens come from the send API's development endpoint; every service of the process accepts them.
    private async Task<HttpClient> ClientAsync(Uri baseAddress)
    {
        using var tokens = new HttpClient { BaseAddress = host.SendApiUrl };
        var token = await tokens.GetFromJsonAsync<JsonElement>("/_dev/token");
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }
}
