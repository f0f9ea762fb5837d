using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;

namespace EmailList.Standalone.Tests;

/// <summary>The embedded default keeps what it was told across a restart: a host of its own, since it is restarted.</summary>
public sealed class RestartTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>
{
    [Fact]
    public async Task A_tenant_onboarded_against_the_sandbox_still_sends_and_gets_its_events_after_a_restart()
    {
        var tenantId = "kept-" + Guid.NewGuid().ToString("N")[..8];
        var accountId = "4444" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var roleArn = $"arn:aws:iam::{accountId}:role/EmailListSender";
        using (var operatorClient = await ClientAsync(host.QueryApiUrl, "tenant=ops&admin=true"))
        {
            Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync("/tenants", new { id = tenantId, name = "Kept Inc." })).StatusCode);
        }

        using (var admin = await ClientAsync(host.QueryApiUrl, $"tenant={tenantId}&scope=tenant:admin"))
        using (var sandbox = new HttpClient { BaseAddress = host.SandboxUrl })
        {
            var externalId = (await admin.GetFromJsonAsync<JsonElement>("/tenant")).GetProperty("tenant").GetProperty("externalId").GetString();
            (await sandbox.PutAsJsonAsync($"/_sandbox/accounts/{accountId}", new { verifiedIdentities = new[] { "kept.example" } })).EnsureSuccessStatusCode();
            (await sandbox.PutAsJsonAsync("/_sandbox/roles", new { roleArn, externalId })).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" })).StatusCode);
        }

        await host.StopAsync();
        await host.StartAsync();

        using var afterAdmin = await ClientAsync(host.QueryApiUrl, $"tenant={tenantId}&scope=tenant:admin");
        var state = await afterAdmin.GetFromJsonAsync<JsonElement>("/tenant");
        Assert.Equal("send-a-test-mail", state.GetProperty("nextStep").GetProperty("code").GetString());
        using var sender = await ClientAsync(host.SendApiUrl, $"tenant={tenantId}");
        var sent = await sender.PostAsJsonAsync("/mail", new { from = "hello@kept.example", to = new[] { "success@simulator.amazonses.com" }, subject = "After the restart", text = "Still here." });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var reader = await ClientAsync(host.QueryApiUrl, $"tenant={tenantId}");
        await Eventually.ValueAsync(
            async () =>
            {
                var page = await reader.GetFromJsonAsync<JsonElement>($"/events?type=Delivery&messageId={messageId}");
                return (page.GetProperty("items").GetArrayLength() > 0, page);
            },
            $"the Delivery of {messageId}, sent after the restart, reaching the tenant's events");
    }

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
