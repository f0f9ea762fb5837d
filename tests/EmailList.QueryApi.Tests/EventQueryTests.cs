using System.Net;
using EmailList.Core.Events;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class EventQueryTests(QueryApiFixture fixture)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Events_come_newest_first_with_the_fields_users_ask_about()
    {
        var tenant = await fixture.CreateTenantAsync();
        var send = TestEvents.Create(tenant.Id, SesEventType.Send, Now.AddMinutes(-10), messageId: "m-1");
        var bounce = TestEvents.Create(tenant.Id, SesEventType.Bounce, Now.AddMinutes(-9), messageId: "m-1", recipient: "Bob@Example.com");
        await fixture.AddAsync([bounce, send]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var page = await client.GetJsonAsync("/events");

        Assert.Equal([bounce.EventId, send.EventId], page.Ids());
        var item = page.GetProperty("items")[0];
        Assert.Equal("Bounce", item.GetProperty("type").GetString());
        Assert.Equal("m-1", item.GetProperty("messageId").GetString());
        Assert.Equal("Permanent", item.GetProperty("bounceType").GetString());
        Assert.Equal("General", item.GetProperty("bounceSubType").GetString());
        Assert.Equal("smtp; 550 5.1.1 user unknown", item.GetProperty("diagnosticCode").GetString());
        Assert.Equal("news@example.com", item.GetProperty("from").GetString());
        Assert.Equal("Spring news", item.GetProperty("subject").GetString());
        Assert.Equal(tenant.Id, item.GetProperty("tags").GetProperty("el_tenant")[0].GetString());
        Assert.Equal(bounce.OccurredAt, item.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("type=Bounce", new[] { "bounce" })]
    [InlineData("type=bounce&type=COMPLAINT", new[] { "complaint", "bounce" })]
    [InlineData("type=Bounce,Complaint,Click", new[] { "click", "complaint", "bounce" })]
    [InlineData("type=Rendering%20Failure", new[] { "rendering" })]
    [InlineData("type=DeliveryDelay", new[] { "delay" })]
    public async Task The_type_filter_takes_SES_names_repeated_or_comma_separated_in_any_case(string query, string[] expected)
    {
        var tenant = await fixture.CreateTenantAsync();
        var events = new Dictionary<string, SesEvent>
        {
            ["send"] = TestEvents.Create(tenant.Id, SesEventType.Send, Now.AddMinutes(-7)),
            ["bounce"] = TestEvents.Create(tenant.Id, SesEventType.Bounce, Now.AddMinutes(-6)),
            ["complaint"] = TestEvents.Create(tenant.Id, SesEventType.Complaint, Now.AddMinutes(-5)),
            ["click"] = TestEvents.Create(tenant.Id, SesEventType.Click, Now.AddMinutes(-4)),
            ["rendering"] = TestEvents.Create(tenant.Id, SesEventType.RenderingFailure, Now.AddMinutes(-3)),
            ["delay"] = TestEvents.Create(tenant.Id, SesEventType.DeliveryDelay, Now.AddMinutes(-2)),
        };
        await fixture.AddAsync(events.Values);
        using var client = fixture.Client(tenant.Id, "events:read");

        var page = await client.GetJsonAsync("/events?" + query);

        Assert.Equal(expected.Select(k => events[k].EventId), page.Ids());
    }

    [Fact]
    public async Task The_recipient_message_and_tag_filters_each_narrow_the_list()
    {
        var tenant = await fixture.CreateTenantAsync();
        var spring = new Dictionary<string, IReadOnlyList<string>> { ["el_tenant"] = [tenant.Id], ["campaign"] = ["spring"] };
        var toJane = TestEvents.Create(tenant.Id, SesEventType.Delivery, Now.AddMinutes(-5), messageId: "m-a", recipient: "jane@example.com");
        var toBob = TestEvents.Create(tenant.Id, SesEventType.Delivery, Now.AddMinutes(-4), messageId: "m-b", recipient: "bob@example.com", tags: spring);
        var bobOpens = TestEvents.Create(tenant.Id, SesEventType.Open, Now.AddMinutes(-3), messageId: "m-b", recipient: "bob@example.com", tags: spring);
        await fixture.AddAsync([toJane, toBob, bobOpens]);
        using var client = fixture.Client(tenant.Id, "events:read");

        Assert.Equal([toJane.EventId], (await client.GetJsonAsync("/events?recipient=JANE@Example.COM")).Ids());
        Assert.Equal([bobOpens.EventId, toBob.EventId], (await client.GetJsonAsync("/events?messageId=m-b")).Ids());
        Assert.Equal([bobOpens.EventId, toBob.EventId], (await client.GetJsonAsync("/events?tag=campaign:spring")).Ids());
        Assert.Empty((await client.GetJsonAsync("/events?tag=campaign:autumn")).Ids());
        Assert.Equal([bobOpens.EventId], (await client.GetJsonAsync("/events?tag=campaign:spring&type=Open&recipient=bob@example.com")).Ids());
    }

    [Fact]
    public async Task From_and_to_select_the_half_open_range()
    {
        var tenant = await fixture.CreateTenantAsync();
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var before = TestEvents.Create(tenant.Id, SesEventType.Send, at.AddSeconds(-1));
        var atFrom = TestEvents.Create(tenant.Id, SesEventType.Send, at);
        var inside = TestEvents.Create(tenant.Id, SesEventType.Send, at.AddMinutes(30));
        var atTo = TestEvents.Create(tenant.Id, SesEventType.Send, at.AddHours(1));
        await fixture.AddAsync([before, atFrom, inside, atTo]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var page = await client.GetJsonAsync("/events?from=2026-03-01T12:00:00Z&to=2026-03-01T14:00:00%2B01:00");

        Assert.Equal([inside.EventId, atFrom.EventId], page.Ids());
        Assert.Equal([atTo.EventId, inside.EventId, atFrom.EventId], (await client.GetJsonAsync("/events?from=2026-03-01T12:00:00Z")).Ids());
        Assert.Equal([before.EventId], (await client.GetJsonAsync("/events?to=2026-03-01T12:00:00Z")).Ids());
    }

    [Theory]
    [InlineData("preset=24h", 1)]
    [InlineData("preset=7d", 2)]
    [InlineData("preset=30d", 3)]
    [InlineData("preset=1y", 4)]
    [InlineData("preset=1Y", 4)]
    [InlineData("", 5)]
    public async Task Presets_count_back_from_now(string query, int expected)
    {
        var tenant = await fixture.CreateTenantAsync();
        TimeSpan[] ages = [TimeSpan.FromHours(1), TimeSpan.FromDays(2), TimeSpan.FromDays(10), TimeSpan.FromDays(100), TimeSpan.FromDays(400)];
        var events = ages.Select(age => TestEvents.Create(tenant.Id, SesEventType.Delivery, DateTimeOffset.UtcNow - age)).ToList();
        await fixture.AddAsync(events);
        using var client = fixture.Client(tenant.Id, "events:read");

        var page = await client.GetJsonAsync("/events?" + query);

        Assert.Equal(events.Take(expected).Select(e => e.EventId), page.Ids());
    }

    [Theory]
    [InlineData("type=Bogus", "type", "Send, Reject, Bounce, Complaint, Delivery, Open, Click, RenderingFailure, DeliveryDelay, Subscription")]
    [InlineData("type=Bounce,3", "type", "not an SES event type")]
    [InlineData("preset=2d", "preset", "24h, 7d, 30d, 1y")]
    [InlineData("preset=7d&from=2026-01-01", "preset", "not both")]
    [InlineData("from=yesterday", "from", "ISO-8601")]
    [InlineData("from=2026-03-02&to=2026-03-01", "to", "later than from")]
    [InlineData("from=2026-03-01&from=2026-03-02", "from", "once")]
    [InlineData("limit=0", "limit", "1 to 200")]
    [InlineData("limit=201", "limit", "1 to 200")]
    [InlineData("limit=ten", "limit", "1 to 200")]
    [InlineData("tag=campaign", "tag", "name:value")]
    [InlineData("tag=camp%20aign:x", "tag", "name:value")]
    [InlineData("recipient=not-an-address", "recipient", "not a valid email address")]
    [InlineData("messageId=has%20space", "messageId", "message id")]
    [InlineData("types=Bounce", "types", "Unknown parameter")]
    [InlineData("cursor=abc", "cursor", "not valid")]
    public async Task A_bad_query_is_refused_with_the_reason(string query, string field, string reason)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read");

        var problem = await client.GetJsonAsync("/events?" + query, HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.ErrorFields());
        Assert.Contains(reason, problem.ErrorText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_event_is_shown_with_its_raw_JSON_as_an_object()
    {
        var tenant = await fixture.CreateTenantAsync();
        var bounce = TestEvents.Create(tenant.Id, SesEventType.Bounce, Now.AddMinutes(-1));
        await fixture.AddAsync([bounce]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var detail = await client.GetJsonAsync($"/events/{bounce.EventId}");

        Assert.Equal(bounce.EventId, detail.GetProperty("id").GetString());
        Assert.Equal("Bounce", detail.GetProperty("type").GetString());
        var raw = detail.GetProperty("raw");
        Assert.Equal(System.Text.Json.JsonValueKind.Object, raw.ValueKind);
        Assert.Equal("Email Bounced", raw.GetProperty("detail-type").GetString());
        Assert.Equal(bounce.MessageId, raw.GetProperty("detail").GetProperty("mail").GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task An_unknown_event_is_404_with_a_hint()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read");

        var problem = await client.GetJsonAsync($"/events/{Guid.NewGuid()}", HttpStatusCode.NotFound);

        Assert.Contains("GET /events", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_shows_its_state_and_timeline_oldest_first()
    {
        var tenant = await fixture.CreateTenantAsync();
        var send = TestEvents.Create(tenant.Id, SesEventType.Send, Now.AddMinutes(-10), messageId: "m-timeline");
        var delivery = TestEvents.Create(tenant.Id, SesEventType.Delivery, Now.AddMinutes(-9), messageId: "m-timeline");
        var open = TestEvents.Create(tenant.Id, SesEventType.Open, Now.AddMinutes(-5), messageId: "m-timeline");
        var click = TestEvents.Create(tenant.Id, SesEventType.Click, Now.AddMinutes(-4), messageId: "m-timeline");
        await fixture.AddAsync([click, delivery, open, send]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var message = await client.GetJsonAsync("/messages/m-timeline");

        Assert.Equal("Clicked", message.GetProperty("status").GetString());
        Assert.Equal(4, message.GetProperty("eventCount").GetInt32());
        Assert.Equal(1, message.GetProperty("opens").GetInt32());
        Assert.Equal(1, message.GetProperty("clicks").GetInt32());
        Assert.Equal("Spring news", message.GetProperty("subject").GetString());
        Assert.Equal(
            [send.EventId, delivery.EventId, open.EventId, click.EventId],
            message.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal("https://example.com/spring", message.GetProperty("timeline")[3].GetProperty("clickLink").GetString());
        Assert.False(message.GetProperty("timelineTruncated").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_message_is_404()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read");

        await client.GetJsonAsync("/messages/0100-nope-000000", HttpStatusCode.NotFound);
    }
}
