using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;

namespace EmailList.Standalone.Tests;

/// <summary>The README's quickstart, step by step, against the real binary.</summary>
public sealed class StandaloneTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>
{
    [Fact]
    public async Task The_quickstart_sends_a_mail_that_appears_in_the_sandbox_outbox()
    {
        using var client = new HttpClient { BaseAddress = host.SendApiUrl };
        var token = await TokenAsync(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.PostAsJsonAsync("/mail", new
        {
            from = "Acme <news@example.com>",
            to = new[] { "success@simulator.amazonses.com" },
            subject = "Welcome",
            text = "Hello!",
            attachments = new[] { new { filename = "hello.txt", contentType = "text/plain", content = "SGVsbG8gd29ybGQ=" } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var sandbox = new HttpClient { BaseAddress = host.SandboxUrl };
        var outbox = await sandbox.GetFromJsonAsync<JsonElement>("/_sandbox/outbox?limit=1");
        Assert.Equal(id, outbox[0].GetProperty("messageId").GetString());
        Assert.Equal("Welcome", outbox[0].GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_mail_scheduled_two_seconds_ahead_is_sent_by_the_embedded_dispatcher()
    {
        using var client = new HttpClient { BaseAddress = host.SendApiUrl };
        using var sandbox = new HttpClient { BaseAddress = host.SandboxUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client));
        var at = DateTimeOffset.UtcNow.AddSeconds(2);

        var scheduled = await client.PostAsJsonAsync("/mail", new
        {
            from = "news@example.com",
            to = new[] { "success@simulator.amazonses.com" },
            subject = "Sent later by the embedded dispatcher",
            text = "Hi",
            scheduledAt = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var mail = await Eventually.ValueAsync(async () =>
        {
            var read = await client.GetFromJsonAsync<JsonElement>($"/mail/{id}");
            return (read.GetProperty("status").GetString() is "sent" or "failed", read);
        }, "the scheduled mail's sending", timeout: TimeSpan.FromSeconds(20));

        Assert.Equal("sent", mail.GetProperty("status").GetString());
        var messageId = mail.GetProperty("messageId").GetString();
        Assert.False(string.IsNullOrEmpty(messageId));
        Assert.True(mail.GetProperty("sentAt").GetDateTimeOffset() >= at.AddMilliseconds(-1), "sent before its time");
        var outbox = await sandbox.GetFromJsonAsync<JsonElement>("/_sandbox/outbox?limit=20");
        Assert.Contains(outbox.EnumerateArray(), m => m.GetProperty("messageId").GetString() == messageId
            && m.GetProperty("subject").GetString() == "Sent later by the embedded dispatcher");
    }

    [Fact]
    public async Task The_readmes_scheduled_send_is_stored_read_moved_and_cancelled_on_the_embedded_store()
    {
        using var client = new HttpClient { BaseAddress = host.SendApiUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client));
        var at = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var scheduled = await client.PostAsJsonAsync("/mail", new
        {
            from = "news@example.com",
            to = new[] { "success@simulator.amazonses.com" },
            subject = "Later",
            text = "Hi",
            scheduledAt = at,
        });

        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.StartsWith("sm_", id, StringComparison.Ordinal);
        Assert.Equal("scheduled", (await client.GetFromJsonAsync<JsonElement>($"/mail/{id}")).GetProperty("status").GetString());
        var moved = await client.PatchAsJsonAsync($"/mail/{id}", new { scheduledAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var cancelled = await client.DeleteAsync($"/mail/{id}");
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/mail/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("send API")]
    [InlineData("event ingester")]
    [InlineData("query API")]
    [InlineData("sandbox")]
    [InlineData("dispatcher")]
    [InlineData("dashboard")]
    public async Task Every_service_answers_health_and_alive_without_a_token(string service)
    {
        using var client = new HttpClient
        {
            BaseAddress = service switch
            {
                "send API" => host.SendApiUrl,
                "event ingester" => host.IngesterUrl,
                "query API" => host.QueryApiUrl,
                "dispatcher" => host.DispatcherUrl,
                "dashboard" => host.DashboardUrl,
                _ => host.SandboxUrl,
            },
        };

        var health = await client.GetAsync("/health");
        var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("Healthy", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_banner_says_where_it_listens_and_how_to_get_a_token()
    {
        Assert.Contains(host.SendApiUrl.AbsoluteUri.TrimEnd('/'), host.Output, StringComparison.Ordinal);
        Assert.Contains("/_dev/token", host.Output, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = host.SendApiUrl };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task The_demo_tenant_is_onboarded_through_the_query_API_with_forwarding_set_up()
    {
        using var tokens = new HttpClient { BaseAddress = host.SendApiUrl };
        using var client = new HttpClient { BaseAddress = host.QueryApiUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(tokens));

        var body = await client.GetFromJsonAsync<JsonElement>("/tenant");

        var tenant = body.GetProperty("tenant");
        Assert.Equal("demo", tenant.GetProperty("id").GetString());
        Assert.Equal("Active", tenant.GetProperty("status").GetString());
        Assert.Equal("Configured", tenant.GetProperty("forwarding").GetString());
        Assert.StartsWith("el-", tenant.GetProperty("externalId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_are_not_printed()
    {
        var key = await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, "dev-signing.key"));
        Assert.DoesNotContain(key.Trim(), host.Output, StringComparison.Ordinal);
        var platform = await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, "sandbox-platform.key"));
        Assert.DoesNotContain(platform.Trim(), host.Output, StringComparison.Ordinal);
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var token = await client.GetFromJsonAsync<JsonElement>("/_dev/token");
        return token.GetProperty("accessToken").GetString()!;
    }
}
