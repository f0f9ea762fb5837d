using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;

namespace EmailList.AppHost.Tests;

/// <summary>The README's story across the distributed processes, each service reached through the AppHost's endpoints.</summary>
[Collection(AppHostGroup.Name)]
public sealed class ReadmeStoryTests(DistributedApp app) : IClassFixture<DistributedApp>
{
    private const string Bounce = "bounce@simulator.amazonses.com";

    [Fact]
    public async Task A_tenant_onboards_sends_sees_its_delivery_and_bounce_arrive_through_the_ingester_and_offboarding_stops_its_sends()
    {
        var (tenantId, _) = await app.OnboardTenantAsync();
        using var sender = app.Client("send-api", app.TenantToken(tenantId, "mail:send"));
        using var reader = app.Client("query-api", app.TenantToken(tenantId, "events:read"));
        using var admin = app.Client("query-api", app.TenantToken(tenantId, "tenant:admin"));

        var sent = await sender.PostAsJsonAsync("/mail", Mail("success@simulator.amazonses.com", Bounce));
        Assert.True(sent.StatusCode == HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var types = await Eventually.ValueAsync(
            async () =>
            {
                var page = await reader.GetFromJsonAsync<JsonElement>($"/events?messageId={Uri.EscapeDataString(messageId)}&preset=24h");
                var seen = page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToHashSet();
                return (seen.IsSupersetOf(["Delivery", "Bounce"]), seen);
            },
            "the Delivery and the Bounce arriving in /events through the sandbox and the ingester",
            seen => string.Join(", ", seen),
            TimeSpan.FromSeconds(30));
        Assert.Contains("Send", types);

        var suppressed = await Eventually.ValueAsync(
            async () =>
            {
                var list = await reader.GetFromJsonAsync<JsonElement>("/suppression-list");
                var emails = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString()!).ToList();
                return (emails.Contains(Bounce), emails);
            },
            "the bounced address on the suppression list",
            emails => string.Join(", ", emails));
        Assert.Equal([Bounce], suppressed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await sender.PostAsJsonAsync("/mail", Mail(Bounce))).StatusCode);
        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/tenant")).GetProperty("events").GetProperty("received").GetBoolean());

        var removed = await admin.DeleteAsync("/tenant/role");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        // The send API is another process: it hears of the removal on the Redis channel, well before its 15 s tenant cache expires.
        await Eventually.ValueAsync(
            async () =>
            {
                var status = (await sender.PostAsJsonAsync("/mail", Mail("success@simulator.amazonses.com"))).StatusCode;
                return (status == HttpStatusCode.Conflict, status);
            },
            "the send API refusing the offboarded tenant's sends",
            timeout: TimeSpan.FromSeconds(5));
    }

    private static object Mail(params string[] to) =>
        new { from = "hello@acme.example", to, subject = "Hi from Acme", text = "Hi!" };
}
