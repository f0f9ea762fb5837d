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
    public async Task A_mail_to_two_recipients_one_bouncing_is_counted_per_recipient_in_stats()
    {
        using var send = await ClientAsync(host.SendApiUrl);
        using var query = await ClientAsync(host.QueryApiUrl);
        var label = Guid.NewGuid().ToString("N");

        var sent = await send.PostAsJsonAsync("/mail", new
        {
            from = "news@example.com",
            to = new[] { $"success+{label}@simulator.amazonses.com", $"bounce+{label}@simulator.amazonses.com" },
            subject = "Hi",
            text = "Hi",
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var events = await Eventually.ValueAsync(
            async () =>
            {
                var page = await query.GetFromJsonAsync<JsonElement>($"/events?messageId={messageId}");
                var items = page.GetProperty("items").EnumerateArray().ToList();
                var found = items.Select(e => e.GetProperty("type").GetString()).ToHashSet();
                return (found.SetEquals(["Send", "Delivery", "Bounce"]), items);
            },
            $"Send, Delivery and Bounce events for {messageId} showing up in the query API",
            items => "types " + string.Join(", ", items.Select(e => e.GetProperty("type").GetString())));
        var ours = events.ToDictionary(e => e.GetProperty("type").GetString()!, e => e);
        Assert.Equal(2, ours["Send"].GetProperty("recipients").GetArrayLength());

        // The range starts at this mail's Send; other tests' events may fall in it too, so the expected figures are
        // counted from the events listed for the same range.
        var from = Uri.EscapeDataString(ours["Send"].GetProperty("occurredAt").GetDateTimeOffset().ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        var stats = await query.GetFromJsonAsync<JsonElement>($"/stats?from={from}&to={to}&bucket=hour");
        var listed = await ListAsync(query, $"/events?from={from}&to={to}&limit=200");

        var totals = stats.GetProperty("totals");
        foreach (var type in new[] { "Send", "Delivery", "Bounce", "Complaint" })
        {
            Assert.Equal(listed.Count(e => e.GetProperty("type").GetString() == type), totals.GetProperty(type).GetInt64());
        }

        long RecipientsOf(string type) => listed.Where(e => e.GetProperty("type").GetString() == type).Sum(e => e.GetProperty("recipients").GetArrayLength());
        var recipients = stats.GetProperty("recipients");
        var (sentTo, bounced, complained) = (RecipientsOf("Send"), RecipientsOf("Bounce"), RecipientsOf("Complaint"));
        Assert.Equal((sentTo, bounced, complained), (recipients.GetProperty("sent").GetInt64(), recipients.GetProperty("bounced").GetInt64(), recipients.GetProperty("complained").GetInt64()));
        Assert.True(sentTo >= 2 && bounced >= 1, $"this mail's two recipients and one bounce are in the range: sent {sentTo}, bounced {bounced}");
        Assert.Equal(Math.Min(1.0, (double)bounced / sentTo), stats.GetProperty("bounceRate").GetDouble(), 12);
        Assert.Equal(Math.Min(1.0, (double)complained / sentTo), stats.GetProperty("complaintRate").GetDouble(), 12);
    }

    [Fact]
    public async Task Template_mail_keeps_its_template_tags_through_ingestion_and_stats_for_the_template_count_only_it()
    {
        using var send = await ClientAsync(host.SendApiUrl);
        using var query = await ClientAsync(host.QueryApiUrl);
        using var sandbox = new HttpClient { BaseAddress = host.SandboxUrl };
        var name = "stats-" + Guid.NewGuid().ToString("N")[..8];
        var label = Guid.NewGuid().ToString("N");
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var created = await send.PostAsJsonAsync("/templates", new { name, subject = "Hi {{name}}", text = "Hello {{name}}" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        async Task<string> SendAsync(object mail)
        {
            var sent = await send.PostAsJsonAsync("/mail", mail);
            Assert.True(sent.StatusCode == HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
            return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        var delivered = await SendAsync(new { from = "news@example.com", to = new[] { $"success+{label}@simulator.amazonses.com" }, template = new { name, data = new { name = "A" } } });
        await SendAsync(new { from = "news@example.com", to = new[] { $"bounce+{label}@simulator.amazonses.com" }, template = new { name, data = new { name = "B" } } });
        await SendAsync(new { from = "news@example.com", to = new[] { $"success+{label}x@simulator.amazonses.com" }, subject = "Plain", text = "No template" });

        var events = await Eventually.ValueAsync(
            async () =>
            {
                var items = await ListAsync(query, $"/events?template={name}&limit=200");
                var types = items.Select(e => e.GetProperty("type").GetString()).Order().ToList();
                return (types.SequenceEqual(["Bounce", "Delivery", "Send", "Send"]), items);
            },
            $"the two {name} mails' Send, Delivery and Bounce events showing up under template={name}",
            items => "types " + string.Join(", ", items.Select(e => e.GetProperty("type").GetString())));
        Assert.All(events, e =>
        {
            Assert.Equal(name, e.GetProperty("tags").GetProperty("el_template")[0].GetString());
            Assert.Equal("1", e.GetProperty("tags").GetProperty("el_template_version")[0].GetString());
        });

        // The recipient of the delivered mail unsubscribes through SES: a Subscription event of that mail.
        var unsubscribed = await sandbox.PostAsJsonAsync($"/_sandbox/outbox/{delivered}/unsubscribe", new { });
        Assert.True(unsubscribed.IsSuccessStatusCode, await unsubscribed.Content.ReadAsStringAsync());
        await Eventually.ValueAsync(
            async () =>
            {
                var page = await query.GetFromJsonAsync<JsonElement>($"/events?template={name}&type=Subscription");
                return (page.GetProperty("items").GetArrayLength() == 1, page);
            },
            "the Subscription event showing up under the template");

        var range = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";
        var stats = await query.GetFromJsonAsync<JsonElement>($"/stats?{range}&template={name}&templateVersion=1");
        var grouped = await query.GetFromJsonAsync<JsonElement>($"/stats?{range}&groupBy=template");

        Assert.Equal(2, stats.GetProperty("totals").GetProperty("Send").GetInt64());
        Assert.Equal(1, stats.GetProperty("totals").GetProperty("Bounce").GetInt64());
        Assert.Equal(2, stats.GetProperty("recipients").GetProperty("sent").GetInt64());
        var rates = stats.GetProperty("rates");
        Assert.Equal((0.5, 0.5, 0.5), (rates.GetProperty("delivered").GetDouble(), rates.GetProperty("bounced").GetDouble(), rates.GetProperty("unsubscribed").GetDouble()));
        var group = Assert.Single(grouped.GetProperty("groups").EnumerateArray(), g => g.GetProperty("key").GetString() == name);
        Assert.Equal(2, group.GetProperty("totals").GetProperty("Send").GetInt64());
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(cursor is null ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}");
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return items;
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
