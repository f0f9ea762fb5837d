using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;
using EmailList.Testing.Lists;

namespace EmailList.AppHost.Tests;

/// <summary>The README's story across the distributed processes, each service reached through the AppHost's endpoints.</summary>
[Collection(AppHostGroup.Name)]
public sealed class ReadmeStoryTests(DistributedApp app) : IClassFixture<DistributedApp>
{
    private const string Bounce = "bounce@simulator.amazonses.com";

    [Fact]
    public async Task A_tenant_onboards_sends_sees_its_delivery_and_bounce_arrive_through_the_ingester_and_offboarding_stops_its_sends_on_every_instance()
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

        // Each instance has served the tenant, so each holds it in its 15 s tenant cache when the role is removed.
        var instances = DistributedApp.SendApis.Select(name => app.Client(name, app.TenantToken(tenantId, "mail:send"))).ToList();
        foreach (var instance in instances)
        {
            Assert.Equal(HttpStatusCode.OK, (await instance.PostAsJsonAsync("/mail", Mail("success@simulator.amazonses.com"))).StatusCode);
        }

        var removed = await admin.DeleteAsync("/tenant/role");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        // The instances are other processes: each hears of the removal on the Redis channel, well before its cache expires.
        foreach (var (instance, name) in instances.Zip(DistributedApp.SendApis))
        {
            await Eventually.ValueAsync(
                async () =>
                {
                    var status = (await instance.PostAsJsonAsync("/mail", Mail("success@simulator.amazonses.com"))).StatusCode;
                    return (status == HttpStatusCode.Conflict, status);
                },
                $"{name} refusing the offboarded tenant's sends",
                timeout: TimeSpan.FromSeconds(5));
            instance.Dispose();
        }
    }

    [Fact]
    public async Task The_send_API_runs_as_two_processes_each_reached_on_its_own_endpoint()
    {
        var pids = new HashSet<int>();
        var endpoints = new HashSet<Uri>();
        foreach (var name in DistributedApp.SendApis)
        {
            pids.Add(await app.ProcessIdAsync(name));
            using var client = app.Client(name);
            endpoints.Add(client.BaseAddress!);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }

        Assert.Equal(DistributedApp.SendApis.Length, pids.Count);
        Assert.Equal(DistributedApp.SendApis.Length, endpoints.Count);
    }

    [Fact]
    public async Task A_reader_signs_up_confirms_gets_a_broadcast_from_the_dispatcher_and_unsubscribes_with_one_click()
    {
        var (tenantId, accountId) = await app.OnboardTenantAsync();
        using var tenant = app.Client("send-api", app.TenantToken(tenantId, "lists:write", "broadcasts:write"));
        var flow = new NewsletterFlow(tenant, () => app.OutboxAsync(accountId));
        var (listId, signUpUrl) = await flow.CreateListAsync("Monthly news", "news@acme.example");
        var reader = $"reader-{Guid.NewGuid():N}@example.net";
        using var browser = new HttpClient();

        // The sign-up goes to the list's public URL, the confirmation mail leaves through the sandbox, the broadcast is expanded and
        // sent by the dispatcher process, and the one-click POST lands on whichever instance the header names.
        await flow.SignUpConfirmReceiveAndUnsubscribeAsync(browser, listId, signUpUrl, reader);
    }

    private static object Mail(params string[] to) =>
        new { from = "hello@acme.example", to, subject = "Hi from Acme", text = "Hi!" };
}
