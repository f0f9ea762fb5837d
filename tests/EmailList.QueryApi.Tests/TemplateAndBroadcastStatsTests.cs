using System.Net;
using System.Text.Json;
using EmailList.Core.Events;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;

namespace EmailList.QueryApi.Tests;

/// <summary>/events and /stats for one template or broadcast (the el_template, el_template_version and el_broadcast tags), and per template or broadcast.</summary>
[Collection(QueryApiGroup.Name)]
public sealed class TemplateAndBroadcastStatsTests(QueryApiFixture fixture)
{
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private const string Range = "from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z";

    [Fact]
    public async Task Stats_for_a_template_count_only_its_mail_and_a_version_narrows_them()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.AddAsync(
        [
            .. Mail(tenant.Id, Template("welcome", "1"), 4, bounces: 1),
            .. Mail(tenant.Id, Template("welcome", "2"), 6, opens: 3),
            .. Mail(tenant.Id, Template("reset", "1"), 10, bounces: 5),
            .. Mail(tenant.Id, null, 20, complaints: 2),
        ]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var welcome = await client.GetJsonAsync($"/stats?{Range}&template=welcome");
        var welcome2 = await client.GetJsonAsync($"/stats?{Range}&template=welcome&templateVersion=2");
        var all = await client.GetJsonAsync($"/stats?{Range}");

        Assert.Equal(10, welcome.GetProperty("totals").GetProperty("Send").GetInt64());
        Assert.Equal(1, welcome.GetProperty("totals").GetProperty("Bounce").GetInt64());
        Assert.Equal(0, welcome.GetProperty("totals").GetProperty("Complaint").GetInt64());
        Assert.Equal(0.1, welcome.GetProperty("bounceRate").GetDouble(), 6);
        Assert.Equal(0.3, welcome.GetProperty("rates").GetProperty("opened").GetDouble(), 6);
        Assert.Equal(10, welcome.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("counts").TryGetProperty("Send", out var n) ? n.GetInt64() : 0));
        Assert.Equal(6, welcome2.GetProperty("totals").GetProperty("Send").GetInt64());
        Assert.Equal(0, welcome2.GetProperty("totals").GetProperty("Bounce").GetInt64());
        Assert.Equal(0.5, welcome2.GetProperty("rates").GetProperty("opened").GetDouble(), 6);
        Assert.Equal(40, all.GetProperty("totals").GetProperty("Send").GetInt64());
    }

    [Fact]
    public async Task Stats_grouped_by_broadcast_give_each_its_rates_and_count_repeated_opens_of_a_mail_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        var (spring, summer) = (RandomId.New(ListIds.Broadcast), RandomId.New(ListIds.Broadcast));
        var springMail = Mail(tenant.Id, Broadcast(spring), 10, delivered: 9, bounces: 1, opens: 4, clicks: 2, unsubscribes: 1);
        // The first mail opened three more times, in later hours: still one recipient who opened.
        var opened = springMail.First(e => e.Type == SesEventType.Open);
        springMail.AddRange(Enumerable.Range(1, 3).Select(i =>
            TestEvents.Create(tenant.Id, SesEventType.Open, opened.OccurredAt.AddHours(i), opened.MessageId, tags: opened.Tags)));
        await fixture.AddAsync(
        [
            .. springMail,
            .. Mail(tenant.Id, Broadcast(summer), 4, complaints: 1),
            .. Mail(tenant.Id, null, 6),
        ]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync($"/stats?{Range}&groupBy=broadcast");

        Assert.Equal("broadcast", stats.GetProperty("groupBy").GetString());
        var groups = stats.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        Assert.Equal(new[] { spring, summer }.Order(StringComparer.Ordinal), groups.Keys.Order(StringComparer.Ordinal));
        var springRates = groups[spring].GetProperty("rates");
        Assert.Equal(0.9, springRates.GetProperty("delivered").GetDouble(), 6);
        Assert.Equal(0.1, springRates.GetProperty("bounced").GetDouble(), 6);
        Assert.Equal(0.4, springRates.GetProperty("opened").GetDouble(), 6);
        Assert.Equal(0.2, springRates.GetProperty("clicked").GetDouble(), 6);
        Assert.Equal(0.1, springRates.GetProperty("unsubscribed").GetDouble(), 6);
        Assert.Equal(0.0, springRates.GetProperty("complained").GetDouble(), 6);
        Assert.Equal(7, groups[spring].GetProperty("totals").GetProperty("Open").GetInt64());
        Assert.Equal(0.25, groups[summer].GetProperty("rates").GetProperty("complained").GetDouble(), 6);
        Assert.Equal("pause", Assert.Single(groups[summer].GetProperty("warnings").EnumerateArray()).GetProperty("level").GetString());
        // Over everything: 20 sent, 4 recipients opened (of 7 opens).
        Assert.Equal(20, stats.GetProperty("recipients").GetProperty("sent").GetInt64());
        Assert.Equal(4, stats.GetProperty("recipients").GetProperty("opened").GetInt64());
        Assert.Equal(7, stats.GetProperty("totals").GetProperty("Open").GetInt64());
    }

    [Fact]
    public async Task Stats_grouped_by_template_within_one_broadcast_split_only_its_mail()
    {
        var tenant = await fixture.CreateTenantAsync();
        var broadcast = RandomId.New(ListIds.Broadcast);
        await fixture.AddAsync(
        [
            .. Mail(tenant.Id, Merge(Broadcast(broadcast), Template("news", "3")), 3),
            .. Mail(tenant.Id, Template("news", "3"), 5),
            .. Mail(tenant.Id, Template("reset", "1"), 2),
        ]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync($"/stats?{Range}&broadcast={broadcast}&groupBy=template");
        var templates = await client.GetJsonAsync($"/stats?{Range}&groupBy=template");

        var group = Assert.Single(stats.GetProperty("groups").EnumerateArray());
        Assert.Equal("news", group.GetProperty("key").GetString());
        Assert.Equal(3, group.GetProperty("totals").GetProperty("Send").GetInt64());
        Assert.Equal(
            [("news", 8L), ("reset", 2L)],
            templates.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("key").GetString()!, g.GetProperty("totals").GetProperty("Send").GetInt64())));
    }

    [Fact]
    public async Task Events_filtered_by_template_or_broadcast_list_only_that_mail_and_their_cursor_keeps_the_filter()
    {
        var tenant = await fixture.CreateTenantAsync();
        var broadcast = RandomId.New(ListIds.Broadcast);
        var welcome = Mail(tenant.Id, Template("welcome", "1"), 5);
        var news = Mail(tenant.Id, Broadcast(broadcast), 2);
        await fixture.AddAsync([.. welcome, .. news, .. Mail(tenant.Id, Template("welcome", "2"), 1), .. Mail(tenant.Id, null, 3)]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var first = await client.GetJsonAsync($"/events?{Range}&template=welcome&templateVersion=1&limit=3");
        var cursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);
        var second = await client.GetJsonAsync($"/events?{Range}&template=welcome&templateVersion=1&limit=3&cursor={cursor}");
        var otherFilter = await client.GetJsonAsync($"/events?{Range}&template=welcome&limit=3&cursor={cursor}", HttpStatusCode.BadRequest);
        var byBroadcast = await client.GetJsonAsync($"/events?{Range}&broadcast={broadcast}");

        Assert.Equal(welcome.Select(e => e.EventId).Order(), first.Ids().Concat(second.Ids()).Order());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Contains("cursor", otherFilter.ErrorFields());
        Assert.Equal(news.Select(e => e.EventId).Order(), byBroadcast.Ids().Order());
        Assert.All(byBroadcast.GetProperty("items").EnumerateArray(), e => Assert.Equal(broadcast, e.GetProperty("tags").GetProperty("el_broadcast")[0].GetString()));
    }

    [Fact]
    public async Task Another_tenants_mail_with_the_same_template_and_broadcast_is_never_counted_or_listed()
    {
        var (mine, theirs) = (await fixture.CreateTenantAsync(), await fixture.CreateTenantAsync());
        var broadcast = RandomId.New(ListIds.Broadcast);
        await fixture.AddAsync([.. Mail(mine.Id, Merge(Template("welcome", "1"), Broadcast(broadcast)), 2)]);
        await fixture.AddAsync([.. Mail(theirs.Id, Merge(Template("welcome", "1"), Broadcast(broadcast)), 7, bounces: 7)]);
        using var client = fixture.Client(mine.Id, "events:read");

        var byTemplate = await client.GetJsonAsync($"/stats?{Range}&template=welcome");
        var grouped = await client.GetJsonAsync($"/stats?{Range}&groupBy=broadcast");
        var listed = await client.GetJsonAsync($"/events?{Range}&broadcast={broadcast}");

        Assert.Equal(2, byTemplate.GetProperty("totals").GetProperty("Send").GetInt64());
        Assert.Equal(0, byTemplate.GetProperty("totals").GetProperty("Bounce").GetInt64());
        var group = Assert.Single(grouped.GetProperty("groups").EnumerateArray());
        Assert.Equal(2, group.GetProperty("totals").GetProperty("Send").GetInt64());
        Assert.Equal(2, listed.Ids().Count);
    }

    [Theory]
    [InlineData("/stats?templateVersion=2", "templateVersion")]
    [InlineData("/stats?template=welcome&templateVersion=0", "templateVersion")]
    [InlineData("/stats?template=not%20a%20name", "template")]
    [InlineData("/stats?broadcast=lst_0123456789abcdefghjkmnpqrs", "broadcast")]
    [InlineData("/stats?groupBy=list", "groupBy")]
    [InlineData("/events?templateVersion=1", "templateVersion")]
    [InlineData("/events?broadcast=bc_x", "broadcast")]
    public async Task A_bad_template_broadcast_or_grouping_is_refused_naming_the_parameter(string uri, string field)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read");

        var problem = await client.GetJsonAsync(uri, HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.ErrorFields());
        Assert.False(string.IsNullOrWhiteSpace(problem.ErrorText()));
    }

    private static Dictionary<string, IReadOnlyList<string>> Template(string name, string version) =>
        new() { ["el_template"] = [name], ["el_template_version"] = [version] };

    private static Dictionary<string, IReadOnlyList<string>> Broadcast(string id) => new() { ["el_broadcast"] = [id] };

    private static Dictionary<string, IReadOnlyList<string>> Merge(Dictionary<string, IReadOnlyList<string>> a, Dictionary<string, IReadOnlyList<string>> b) =>
        a.Concat(b).ToDictionary();

    /// <summary>
    /// <paramref name="count"/> one-recipient mails with the tags (and el_tenant), each a Send, then on the first mails a
    /// Delivery, Bounce, Complaint, Open, Click or Subscription as many times as asked, within <see cref="Day"/>.
    /// </summary>
    private static List<SesEvent> Mail(string tenantId, Dictionary<string, IReadOnlyList<string>>? tags, int count,
        int delivered = 0, int bounces = 0, int complaints = 0, int opens = 0, int clicks = 0, int unsubscribes = 0)
    {
        var allTags = new Dictionary<string, IReadOnlyList<string>>(tags ?? []) { ["el_tenant"] = [tenantId] };
        var events = new List<SesEvent>();
        var messages = Enumerable.Range(0, count).Select(i => "0100" + Guid.NewGuid().ToString("N") + "-000000").ToList();
        for (var i = 0; i < count; i++)
        {
            events.Add(TestEvents.Create(tenantId, SesEventType.Send, Day.AddHours(1).AddMinutes(i), messages[i], $"r{i}@example.com", allTags));
        }

        foreach (var (type, times) in new[]
        {
            (SesEventType.Delivery, delivered), (SesEventType.Bounce, bounces), (SesEventType.Complaint, complaints),
            (SesEventType.Open, opens), (SesEventType.Click, clicks), (SesEventType.Subscription, unsubscribes),
        })
        {
            for (var i = 0; i < times; i++)
            {
                events.Add(TestEvents.Create(tenantId, type, Day.AddHours(2).AddMinutes(i), messages[i], $"r{i}@example.com", allTags));
            }
        }

        return events;
    }
}
