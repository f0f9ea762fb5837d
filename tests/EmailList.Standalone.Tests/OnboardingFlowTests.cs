using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;

namespace EmailList.Standalone.Tests;

/// <summary>The README's "Onboard a tenant" walk-through against the real binary, from nothing to events arriving and back.</summary>
public sealed class OnboardingFlowTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>
{
    [Fact]
    public async Task A_tenant_onboards_by_pasting_a_role_sees_its_events_and_offboarding_stops_its_sends_and_its_events_at_once()
    {
        var tenantId = "acme-" + Guid.NewGuid().ToString("N")[..8];
        var accountId = "3333" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The README's ARN: under /emaillist/, where the customer template puts the role and production requires it (Onboarding:RolePath).
        var roleArn = $"arn:aws:iam::{accountId}:role/emaillist/EmailListSender";
        using var operatorClient = await ClientAsync(host.QueryApiUrl, "tenant=ops&admin=true");
        var created = await operatorClient.PostAsJsonAsync("/tenants", new { id = tenantId, name = "Acme Inc." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var admin = await ClientAsync(host.QueryApiUrl, $"tenant={tenantId}&scope=tenant:admin");

        var start = await admin.GetFromJsonAsync<JsonElement>("/tenant");
        Assert.Equal("create-role", start.GetProperty("nextStep").GetProperty("code").GetString());
        var externalId = start.GetProperty("tenant").GetProperty("externalId").GetString()!;

        var early = await admin.PutAsJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Equal("AssumeRoleDenied", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());

        using var sandbox = new HttpClient { BaseAddress = host.SandboxUrl };
        (await sandbox.PutAsJsonAsync($"/_sandbox/accounts/{accountId}", new { verifiedIdentities = new[] { "acme.example" } })).EnsureSuccessStatusCode();
        (await sandbox.PutAsJsonAsync("/_sandbox/roles", new { roleArn, externalId })).EnsureSuccessStatusCode();

        var accepted = await admin.PutAsJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("Configured", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("forwarding").GetString());

        using var sender = await ClientAsync(host.SendApiUrl, $"tenant={tenantId}");
        var mail = new { from = "hello@acme.example", to = new[] { "success@simulator.amazonses.com" }, subject = "Hi from Acme", text = "Hi!" };
        Assert.Equal(HttpStatusCode.OK, (await sender.PostAsJsonAsync("/mail", mail)).StatusCode);
        var done = await Eventually.ValueAsync(
            async () =>
            {
                var state = await admin.GetFromJsonAsync<JsonElement>("/tenant");
                return (state.GetProperty("events").GetProperty("received").GetBoolean(), state);
            },
            $"the tenant {tenantId} receiving its first event");
        Assert.Equal("done", done.GetProperty("nextStep").GetProperty("code").GetString());

        var removed = await admin.DeleteAsync("/tenant/role");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await sender.PostAsJsonAsync("/mail", mail)).StatusCode);
        // The ingester had the tenant cached from the events above; an event that still reaches it is not stored.
        var lateMessageId = "0100" + Guid.NewGuid().ToString("N") + "-000000";
        var late = await PostEventAsync(LateDelivery(accountId, tenantId, lateMessageId));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var counts = await late.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 1), (counts.GetProperty("stored").GetInt32(), counts.GetProperty("dropped").GetInt32()));
        using var reader = await ClientAsync(host.QueryApiUrl, $"tenant={tenantId}");
        var found = await reader.GetFromJsonAsync<JsonElement>($"/events?messageId={lateMessageId}");
        Assert.Equal(0, found.GetProperty("items").GetArrayLength());
        var bus = await sandbox.GetFromJsonAsync<JsonElement>("/_sandbox/platform-bus");
        Assert.DoesNotContain(accountId, bus.GetProperty("policy").EnumerateArray().Select(s => s.GetProperty("principal").GetString()));
    }

    /// <summary>Posts to the ingester as the platform bus's API destination does, with the key in the data directory.</summary>
    private async Task<HttpResponseMessage> PostEventAsync(string body)
    {
        using var ingester = new HttpClient { BaseAddress = host.IngesterUrl };
        ingester.DefaultRequestHeaders.Add("X-EmailList-Ingest-Key", (await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, "ingest.key"))).Trim());
        return await ingester.PostAsync("/ses-events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
    }

    /// <summary>A Delivery event of the tenant's, as EventBridge delivers one.</summary>
    private static string LateDelivery(string accountId, string tenantId, string messageId) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "Email Delivered",
        ["source"] = "aws.ses",
        ["account"] = accountId,
        ["time"] = "2026-12-01T10:00:01Z",
        ["region"] = "us-east-1",
        ["detail"] = new
        {
            eventType = "Delivery",
            mail = new
            {
                timestamp = "2026-12-01T10:00:00.000Z",
                source = "hello@acme.example",
                messageId,
                destination = new[] { "success@simulator.amazonses.com" },
                tags = new Dictionary<string, string[]> { ["el_tenant"] = [tenantId] },
            },
            delivery = new { timestamp = "2026-12-01T10:00:01.000Z", recipients = new[] { "success@simulator.amazonses.com" } },
        },
    });

    /// <summary>A client on <paramref name="baseAddress"/> with a token from the send API's development token endpoint.</summary>
    private async Task<HttpClient> ClientAsync(Uri baseAddress, string tokenQuery)
    {
        using var tokens = new HttpClient { BaseAddress = host.SendApiUrl };
        var token = await tokens.GetFromJsonAsync<JsonElement>("/_dev/token?" + tokenQuery);
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }
}
