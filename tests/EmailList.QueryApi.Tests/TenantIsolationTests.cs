using System.Net;
using System.Net.Http.Json;
using EmailList.Core.Events;

namespace EmailList.QueryApi.Tests;

/// <summary>Tenant A's token, walked over every endpoint, against tenant B's data: A sees and changes nothing of B's.</summary>
[Collection(QueryApiGroup.Name)]
public sealed class TenantIsolationTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task Tenant_As_token_sees_nothing_of_tenant_Bs_data_on_any_endpoint()
    {
        var a = await fixture.CreateTenantWithRoleAsync();
        var b = await fixture.CreateTenantWithRoleAsync();
        var tags = new Dictionary<string, IReadOnlyList<string>> { ["el_tenant"] = [b.Id], ["campaign"] = ["b-only"] };
        var bSend = TestEvents.Create(b.Id, SesEventType.Send, DateTimeOffset.UtcNow.AddMinutes(-5), messageId: "b-message", recipient: "victim@example.com", tags: tags);
        var bBounce = TestEvents.Create(b.Id, SesEventType.Bounce, DateTimeOffset.UtcNow.AddMinutes(-4), messageId: "b-message", recipient: "victim@example.com", tags: tags);
        await fixture.AddAsync([bSend, bBounce]);
        await fixture.AddAsync(Enumerable.Range(0, 3).Select(i => TestEvents.Create(b.Id, SesEventType.Delivery, DateTimeOffset.UtcNow.AddMinutes(-i - 10))));
        using var bClient = fixture.Client(b.Id);
        await bClient.PutJsonAsync("/suppression-list/victim@example.com", new { reason = "BOUNCE" });
        await bClient.PutJsonAsync("/suppression-list/b-manual@example.com", new { reason = "MANUAL" });
        var bSession = await fixture.SesSessionAsync(b);
        await fixture.Ses.PutSuppressedDestinationAsync(bSession, "in-bs-ses@example.com", "BOUNCE", CancellationToken.None);
        var bEventCursor = (await bClient.GetJsonAsync("/events?limit=1")).GetProperty("nextCursor").GetString()!;
        var bListCursor = (await bClient.GetJsonAsync("/suppression-list?limit=1")).GetProperty("nextCursor").GetString()!;
        using var client = fixture.Client(a.Id);

        // Events, messages, stats.
        Assert.Empty((await client.GetJsonAsync("/events")).Ids());
        Assert.Empty((await client.GetJsonAsync("/events?preset=1y")).Ids());
        Assert.Empty((await client.GetJsonAsync("/events?messageId=b-message")).Ids());
        Assert.Empty((await client.GetJsonAsync("/events?recipient=victim@example.com")).Ids());
        Assert.Empty((await client.GetJsonAsync("/events?tag=campaign:b-only")).Ids());
        await client.GetJsonAsync("/events?limit=1&cursor=" + Uri.EscapeDataString(bEventCursor), HttpStatusCode.BadRequest);
        await client.GetJsonAsync($"/events/{bBounce.EventId}", HttpStatusCode.NotFound);
        await client.GetJsonAsync("/messages/b-message", HttpStatusCode.NotFound);
        var stats = await client.GetJsonAsync("/stats?preset=24h");
        Assert.All(stats.GetProperty("totals").EnumerateObject(), t => Assert.Equal(0, t.Value.GetInt64()));

        // The suppression list: reading.
        Assert.Empty((await client.GetJsonAsync("/suppression-list")).GetProperty("items").EnumerateArray());
        Assert.Empty((await client.GetJsonAsync("/suppression-list?prefix=victim")).GetProperty("items").EnumerateArray());
        await client.GetJsonAsync("/suppression-list?limit=1&cursor=" + Uri.EscapeDataString(bListCursor), HttpStatusCode.BadRequest);
        await client.GetJsonAsync("/suppression-list/victim@example.com", HttpStatusCode.NotFound);
        Assert.Equal("email,reason,source,createdAt\r\n", await client.GetStringAsync("/suppression-list/export"));

        // The suppression list: writing touches only A's.
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/suppression-list/b-manual@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync("/suppression-list/victim@example.com", new { reason = "MANUAL" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/suppression-list/victim@example.com?fromSes=true")).StatusCode);
        using var import = await client.PostAsync("/suppression-list/import", HttpJson.Csv("email,reason\nb-manual@example.com,UNSUBSCRIBE\n"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        using var sync = await client.PostAsJsonAsync("/suppression-list/sync", new { direction = "both" });
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.Equal(0, (await sync.JsonAsync()).GetProperty("pull").GetProperty("seen").GetInt32());

        // verify-sts checks A's own role.
        Assert.Equal(a.RoleArn, (await client.GetJsonAsync("/verify-sts")).GetProperty("roleArn").GetString());

        // B's data is as it was.
        Assert.Equal(5, (await bClient.GetJsonAsync("/events")).Ids().Count);
        Assert.Equal("BOUNCE", (await bClient.GetJsonAsync("/suppression-list/victim@example.com")).GetProperty("reason").GetString());
        Assert.Equal("MANUAL", (await bClient.GetJsonAsync("/suppression-list/b-manual@example.com")).GetProperty("reason").GetString());
        Assert.Equal(["in-bs-ses@example.com"], (await fixture.SesListAsync(b)).Keys);
        Assert.Empty(await fixture.SesListAsync(a));
    }
}
