using System.Net;
using System.Text.Json;
using EmailList.Core.Events;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class StatsTests(QueryApiFixture fixture)
{
    private static readonly DateTimeOffset Day = new(2026, 2, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Counts_come_per_type_per_hour_with_every_hour_of_the_range()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.AddAsync(
        [
            TestEvents.Create(tenant.Id, SesEventType.Send, Day.AddHours(1).AddMinutes(5)),
            TestEvents.Create(tenant.Id, SesEventType.Send, Day.AddHours(1).AddMinutes(50)),
            TestEvents.Create(tenant.Id, SesEventType.Delivery, Day.AddHours(1).AddMinutes(51)),
            TestEvents.Create(tenant.Id, SesEventType.Open, Day.AddHours(3)),
            TestEvents.Create(tenant.Id, SesEventType.Send, Day.AddHours(6)),
        ]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync("/stats?from=2026-02-10T00:00:00Z&to=2026-02-10T06:00:00Z&bucket=hour");

        Assert.Equal("hour", stats.GetProperty("bucket").GetString());
        var buckets = stats.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(6, buckets.Count);
        Assert.Equal(Day.AddHours(1), buckets[1].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(2, buckets[1].GetProperty("counts").GetProperty("Send").GetInt64());
        Assert.Equal(1, buckets[1].GetProperty("counts").GetProperty("Delivery").GetInt64());
        Assert.Equal(1, buckets[3].GetProperty("counts").GetProperty("Open").GetInt64());
        Assert.Empty(buckets[0].GetProperty("counts").EnumerateObject());
        Assert.Equal(2, stats.GetProperty("totals").GetProperty("Send").GetInt64());
        Assert.Equal(0, stats.GetProperty("totals").GetProperty("Bounce").GetInt64());
        Assert.Equal(0.0, stats.GetProperty("bounceRate").GetDouble());
    }

    [Fact]
    public async Task Day_buckets_add_up_to_the_totals()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.AddAsync(Enumerable.Range(0, 30).Select(i => TestEvents.Create(tenant.Id, SesEventType.Delivery, Day.AddDays(i / 5).AddHours(i % 5 * 4))));
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync("/stats?from=2026-02-10&to=2026-02-17&bucket=day");

        var buckets = stats.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(7, buckets.Count);
        var perDay = buckets.Select(b => b.GetProperty("counts").TryGetProperty("Delivery", out var n) ? n.GetInt64() : 0).ToList();
        Assert.Equal([5, 5, 5, 5, 5, 5, 0], perDay);
        Assert.Equal(30, stats.GetProperty("totals").GetProperty("Delivery").GetInt64());
    }

    [Fact]
    public async Task A_bounce_rate_over_5_percent_and_a_complaint_rate_over_half_a_percent_are_named_with_their_thresholds()
    {
        var tenant = await fixture.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        await fixture.AddAsync(Enumerable.Range(0, 100).Select(i => TestEvents.Create(tenant.Id, SesEventType.Send, now.AddMinutes(-i - 1)))
            .Concat(Enumerable.Range(0, 6).Select(i => TestEvents.Create(tenant.Id, SesEventType.Bounce, now.AddMinutes(-i - 1))))
            .Concat([TestEvents.Create(tenant.Id, SesEventType.Complaint, now.AddMinutes(-3))]));
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync("/stats?preset=24h");

        Assert.Equal("hour", stats.GetProperty("bucket").GetString());
        Assert.Equal(0.06, stats.GetProperty("bounceRate").GetDouble(), 6);
        Assert.Equal(0.01, stats.GetProperty("complaintRate").GetDouble(), 6);
        var warnings = stats.GetProperty("warnings").EnumerateArray().ToDictionary(w => w.GetProperty("metric").GetString()!);
        Assert.Equal("review", warnings["bounceRate"].GetProperty("level").GetString());
        Assert.Equal(0.05, warnings["bounceRate"].GetProperty("threshold").GetDouble());
        Assert.Contains("5 %", warnings["bounceRate"].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("pause", warnings["complaintRate"].GetProperty("level").GetString());
        Assert.Equal(0.005, warnings["complaintRate"].GetProperty("threshold").GetDouble());
        Assert.Contains("0.5 %", warnings["complaintRate"].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bounce_rate_of_4_percent_warns_before_SES_reviews()
    {
        var tenant = await fixture.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        await fixture.AddAsync(Enumerable.Range(0, 100).Select(i => TestEvents.Create(tenant.Id, SesEventType.Send, now.AddMinutes(-i - 1)))
            .Concat(Enumerable.Range(0, 4).Select(i => TestEvents.Create(tenant.Id, SesEventType.Bounce, now.AddMinutes(-i - 1)))));
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync("/stats?preset=7d");

        var warning = Assert.Single(stats.GetProperty("warnings").EnumerateArray());
        Assert.Equal("approaching-review", warning.GetProperty("level").GetString());
        Assert.Equal(0.05, warning.GetProperty("threshold").GetDouble());
        Assert.Equal("day", stats.GetProperty("bucket").GetString());
    }

    [Fact]
    public async Task Below_the_warning_levels_there_are_no_warnings()
    {
        var tenant = await fixture.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        await fixture.AddAsync(Enumerable.Range(0, 100).Select(i => TestEvents.Create(tenant.Id, SesEventType.Send, now.AddMinutes(-i - 1)))
            .Concat(Enumerable.Range(0, 3).Select(i => TestEvents.Create(tenant.Id, SesEventType.Bounce, now.AddMinutes(-i - 1)))));
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync("/stats?preset=30d");

        Assert.Empty(stats.GetProperty("warnings").EnumerateArray());
        Assert.Equal(0.03, stats.GetProperty("bounceRate").GetDouble(), 6);
    }

    [Fact]
    public async Task Without_sends_the_rates_are_null()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.AddAsync([TestEvents.Create(tenant.Id, SesEventType.Bounce, DateTimeOffset.UtcNow.AddMinutes(-1))]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync("/stats");

        Assert.Equal(JsonValueKind.Null, stats.GetProperty("bounceRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("complaintRate").ValueKind);
        Assert.Empty(stats.GetProperty("warnings").EnumerateArray());
        Assert.Equal(1, stats.GetProperty("totals").GetProperty("Bounce").GetInt64());
    }

    [Fact]
    public async Task One_mail_to_ten_recipients_with_one_bounce_reads_a_10_percent_bounce_rate()
    {
        var tenant = await fixture.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        var ten = Enumerable.Range(0, 10).Select(i => $"r{i}@example.com").ToArray();
        var send = TestEvents.Create(tenant.Id, SesEventType.Send, now.AddMinutes(-5)) with { Recipients = ten };
        await fixture.AddAsync(
        [
            send,
            TestEvents.Create(tenant.Id, SesEventType.Delivery, now.AddMinutes(-4), send.MessageId) with { Recipients = ten[..9] },
            TestEvents.Create(tenant.Id, SesEventType.Bounce, now.AddMinutes(-4), send.MessageId, ten[9]),
        ]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync("/stats?preset=24h");

        Assert.Equal(0.1, stats.GetProperty("bounceRate").GetDouble(), 12);
        Assert.Equal(0.0, stats.GetProperty("complaintRate").GetDouble());
        var recipients = stats.GetProperty("recipients");
        Assert.Equal((10, 1, 0), (recipients.GetProperty("sent").GetInt64(), recipients.GetProperty("bounced").GetInt64(), recipients.GetProperty("complained").GetInt64()));
        Assert.Equal((1, 1), (stats.GetProperty("totals").GetProperty("Send").GetInt64(), stats.GetProperty("totals").GetProperty("Bounce").GetInt64()));
        var warning = Assert.Single(stats.GetProperty("warnings").EnumerateArray());
        Assert.Equal(("bounceRate", "pause"), (warning.GetProperty("metric").GetString(), warning.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task A_complaint_naming_two_recipients_counts_twice()
    {
        var tenant = await fixture.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        var recipients = Enumerable.Range(0, 1000).Select(i => $"r{i}@example.com").ToArray();
        var send = TestEvents.Create(tenant.Id, SesEventType.Send, now.AddMinutes(-5)) with { Recipients = recipients };
        await fixture.AddAsync(
        [
            send,
            TestEvents.Create(tenant.Id, SesEventType.Complaint, now.AddMinutes(-4), send.MessageId) with { Recipients = recipients[..2] },
        ]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync("/stats?preset=24h");

        Assert.Equal(0.002, stats.GetProperty("complaintRate").GetDouble(), 12);
        Assert.Equal(2, stats.GetProperty("recipients").GetProperty("complained").GetInt64());
        Assert.Equal("review", Assert.Single(stats.GetProperty("warnings").EnumerateArray()).GetProperty("level").GetString());
    }

    [Fact]
    public async Task Bounces_whose_sends_are_outside_the_range_read_at_most_100_percent()
    {
        var tenant = await fixture.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        // The Send of the bounced mail happened before the range (or has not arrived yet); one Send to one recipient is in it.
        await fixture.AddAsync(
        [
            TestEvents.Create(tenant.Id, SesEventType.Send, now.AddMinutes(-5)),
            TestEvents.Create(tenant.Id, SesEventType.Bounce, now.AddMinutes(-4)) with { Recipients = ["a@example.com", "b@example.com", "c@example.com"] },
            TestEvents.Create(tenant.Id, SesEventType.Bounce, now.AddMinutes(-3)),
        ]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var stats = await client.GetJsonAsync("/stats?preset=24h");

        Assert.Equal(1.0, stats.GetProperty("bounceRate").GetDouble());
        Assert.Equal((1, 4), (stats.GetProperty("recipients").GetProperty("sent").GetInt64(), stats.GetProperty("recipients").GetProperty("bounced").GetInt64()));
    }

    [Theory]
    [InlineData("bucket=week", "bucket", "hour or day")]
    [InlineData("preset=1y&bucket=hour", "bucket", "bucket=day")]
    [InlineData("from=2024-01-01&to=2026-01-01", "from", "366 days")]
    [InlineData("preset=90d", "preset", "24h, 7d, 30d, 1y")]
    [InlineData("from=2026-02-02&to=2026-02-01", "to", "later than from")]
    [InlineData("type=Bounce", "type", "Unknown parameter")]
    public async Task A_bad_range_or_bucket_is_refused_with_the_reason(string query, string field, string reason)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read");

        var problem = await client.GetJsonAsync("/stats?" + query, HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.ErrorFields());
        Assert.Contains(reason, problem.ErrorText(), StringComparison.Ordinal);
    }
}
