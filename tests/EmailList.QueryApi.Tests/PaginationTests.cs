using System.Net;
using System.Text.Json;
using EmailList.Core.Events;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class PaginationTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task Paging_through_3000_events_returns_each_exactly_once_newest_first()
    {
        var tenant = await fixture.CreateTenantAsync();
        var start = DateTimeOffset.UtcNow.AddDays(-3);
        // Every third event shares its timestamp with the next, so the order must break ties by event id.
        var events = Enumerable.Range(0, 3000)
            .Select(i => TestEvents.Create(tenant.Id, (SesEventType)(i % 10), start.AddSeconds(i - i % 3 / 2)))
            .ToList();
        await fixture.AddAsync(events);
        var expected = events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.EventId, StringComparer.Ordinal).Select(e => e.EventId).ToList();
        using var client = fixture.Client(tenant.Id, "events:read");

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync("/events?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var ids = page.Ids();
            Assert.InRange(ids.Count, 1, 200);
            seen.AddRange(ids);
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Equal(15, pages);
        Assert.Equal(3000, seen.Distinct().Count());
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task A_preset_window_stays_fixed_across_pages()
    {
        var tenant = await fixture.CreateTenantAsync();
        var events = Enumerable.Range(0, 5).Select(i => TestEvents.Create(tenant.Id, SesEventType.Send, DateTimeOffset.UtcNow.AddHours(-1 - i))).ToList();
        await fixture.AddAsync(events);
        using var client = fixture.Client(tenant.Id, "events:read");

        var first = await client.GetJsonAsync("/events?preset=24h&limit=2");
        var second = await client.GetJsonAsync("/events?preset=24h&limit=2&cursor=" + Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!));
        var third = await client.GetJsonAsync("/events?preset=24h&limit=2&cursor=" + Uri.EscapeDataString(second.GetProperty("nextCursor").GetString()!));

        Assert.Equal(events.Select(e => e.EventId), first.Ids().Concat(second.Ids()).Concat(third.Ids()));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task A_tampered_cursor_is_refused()
    {
        var (client, cursor) = await FirstPageAsync("type=Send");

        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];
        var problem = await client.GetJsonAsync("/events?type=Send&limit=2&cursor=" + Uri.EscapeDataString(tampered), HttpStatusCode.BadRequest);

        Assert.Contains("cursor", problem.ErrorFields());
    }

    [Fact]
    public async Task A_cursor_whose_payload_was_swapped_keeps_its_signature_and_is_still_refused()
    {
        var (client, cursor) = await FirstPageAsync("type=Send");
        var signature = cursor[(cursor.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var forged = System.Buffers.Text.Base64Url.EncodeToString("||anything"u8) + "." + signature;

        await client.GetJsonAsync("/events?type=Send&limit=2&cursor=" + Uri.EscapeDataString(forged), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_cursor_used_with_other_filters_is_refused()
    {
        var (client, cursor) = await FirstPageAsync("type=Send");

        var problem = await client.GetJsonAsync("/events?type=Bounce&limit=2&cursor=" + Uri.EscapeDataString(cursor), HttpStatusCode.BadRequest);

        Assert.Contains("same filters", problem.ErrorText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenants_cursor_is_refused()
    {
        var (_, cursor) = await FirstPageAsync("type=Send");
        var other = await fixture.CreateTenantAsync();
        using var client = fixture.Client(other.Id, "events:read");

        await client.GetJsonAsync("/events?type=Send&limit=2&cursor=" + Uri.EscapeDataString(cursor), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_page_size_may_change_between_pages()
    {
        var (client, cursor) = await FirstPageAsync("type=Send");

        var next = await client.GetJsonAsync("/events?type=Send&limit=3&cursor=" + Uri.EscapeDataString(cursor));

        Assert.Equal(3, next.Ids().Count);
    }

    private async Task<(HttpClient Client, string Cursor)> FirstPageAsync(string filter)
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.AddAsync(Enumerable.Range(0, 6).Select(i => TestEvents.Create(tenant.Id, SesEventType.Send, DateTimeOffset.UtcNow.AddMinutes(-i - 1))));
        var client = fixture.Client(tenant.Id, "events:read");
        var page = await client.GetJsonAsync($"/events?{filter}&limit=2");
        return (client, page.GetProperty("nextCursor").GetString()!);
    }
}
