using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Testing;

namespace EmailList.Standalone.Tests;

/// <summary>Scheduled sends through the send API and the embedded dispatcher, against the real binary.</summary>
public sealed class ScheduledSendFlowTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(20);
    private static readonly string[] Recipients = ["success@simulator.amazonses.com"];

    [Fact]
    public async Task A_mail_cancelled_before_its_time_is_never_sent_while_one_due_at_the_same_time_is()
    {
        using var client = await host.ClientAsync(string.Empty, host.SendApiUrl);
        var at = DateTimeOffset.UtcNow.AddSeconds(3);
        var cancelledSubject = "Cancelled " + Guid.NewGuid().ToString("N");
        var keptSubject = "Kept " + Guid.NewGuid().ToString("N");

        var cancelledId = await ScheduleAsync(client, new { from = "news@example.com", to = Recipients, subject = cancelledSubject, text = "Never", scheduledAt = Iso(at) });
        var cancel = await client.DeleteAsync($"/mail/{cancelledId}");
        var keptId = await ScheduleAsync(client, new { from = "news@example.com", to = Recipients, subject = keptSubject, text = "Sent", scheduledAt = Iso(at) });

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        // The kept mail was due at the same moment: once it is sent, the dispatcher has claimed past the cancelled one's time.
        var kept = await WaitUntilDoneAsync(client, keptId);
        Assert.Equal("sent", kept.GetProperty("status").GetString());
        Assert.Equal("cancelled", (await client.GetFromJsonAsync<JsonElement>($"/mail/{cancelledId}")).GetProperty("status").GetString());
        var subjects = (await host.OutboxAsync()).Select(m => m.GetProperty("subject").GetString()).ToList();
        Assert.Contains(keptSubject, subjects);
        Assert.DoesNotContain(cancelledSubject, subjects);
    }

    [Fact]
    public async Task An_offboarded_tenants_scheduled_mail_fails_with_a_reason_naming_the_tenants_state_and_is_not_sent()
    {
        var (tenantId, adminClient) = await OnboardTenantAsync();
        using var admin = adminClient;
        using var sender = await host.ClientAsync($"tenant={tenantId}", host.SendApiUrl);
        var subject = "Scheduled before offboarding " + Guid.NewGuid().ToString("N");
        var id = await ScheduleAsync(sender, new
        {
            from = "hello@acme.example",
            to = Recipients,
            subject,
            text = "Hi",
            scheduledAt = Iso(DateTimeOffset.UtcNow.AddSeconds(3)),
        });

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/tenant/role")).StatusCode);

        var mail = await WaitUntilDoneAsync(sender, id);
        Assert.Equal("failed", mail.GetProperty("status").GetString());
        Assert.Contains("no verified IAM role", mail.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(subject, (await host.OutboxAsync()).Select(m => m.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task A_scheduled_template_mail_is_rendered_when_scheduled_and_sent_later_with_its_template_tags()
    {
        using var client = await host.ClientAsync(string.Empty, host.SendApiUrl);
        var name = "welcome-" + Guid.NewGuid().ToString("N")[..8];
        var created = await client.PostAsJsonAsync("/templates", new { name, subject = "Welcome, {{name}}", text = "Hello {{name}}" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var id = await ScheduleAsync(client, new
        {
            from = "news@example.com",
            to = Recipients,
            template = new { name, data = new { name = "Jane" } },
            scheduledAt = Iso(DateTimeOffset.UtcNow.AddSeconds(3)),
        });
        // A new version before the send time: what leaves is what was rendered when it was scheduled.
        var changed = await client.PutAsJsonAsync($"/templates/{name}", new { subject = "Changed, {{name}}", text = "Changed {{name}}" });
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());

        var mail = await WaitUntilDoneAsync(client, id);
        Assert.Equal("sent", mail.GetProperty("status").GetString());
        using var sandbox = new HttpClient { BaseAddress = host.SandboxUrl };
        var sent = await sandbox.GetFromJsonAsync<JsonElement>($"/_sandbox/outbox/{mail.GetProperty("messageId").GetString()}");
        Assert.Equal("Welcome, Jane", sent.GetProperty("subject").GetString());
        Assert.Equal("Hello Jane", sent.GetProperty("textBody").GetString()?.Trim());
        var tags = sent.GetProperty("tags");
        Assert.Equal(name, tags.GetProperty("el_template").GetString());
        Assert.Equal("1", tags.GetProperty("el_template_version").GetString());
    }

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static async Task<string> ScheduleAsync(HttpClient client, object mail)
    {
        var response = await client.PostAsJsonAsync("/mail", mail);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scheduled", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetString()!;
    }

    private static Task<JsonElement> WaitUntilDoneAsync(HttpClient client, string id) =>
        Eventually.ValueAsync(async () =>
        {
            var read = await client.GetFromJsonAsync<JsonElement>($"/mail/{id}");
            return (read.GetProperty("status").GetString() is "sent" or "failed", read);
        }, $"the dispatcher finishing {id}", timeout: SendTimeout);

    /// <summary>A second tenant, onboarded as the README shows: created by the operator, its role made in the sandbox, pasted.</summary>
    private async Task<(string TenantId, HttpClient Admin)> OnboardTenantAsync()
    {
        var tenantId = "sched-" + Guid.NewGuid().ToString("N")[..8];
        var accountId = "3344" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var roleArn = $"arn:aws:iam::{accountId}:role/EmailListSender";
        using var operatorClient = await host.ClientAsync("tenant=ops&admin=true", host.QueryApiUrl);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync("/tenants", new { id = tenantId, name = "Scheduled Inc." })).StatusCode);
        var admin = await host.ClientAsync($"tenant={tenantId}&scope=tenant:admin", host.QueryApiUrl);
        var externalId = (await admin.GetFromJsonAsync<JsonElement>("/tenant")).GetProperty("tenant").GetProperty("externalId").GetString()!;
        using var sandbox = new HttpClient { BaseAddress = host.SandboxUrl };
        (await sandbox.PutAsJsonAsync($"/_sandbox/accounts/{accountId}", new { verifiedIdentities = new[] { "acme.example" } })).EnsureSuccessStatusCode();
        (await sandbox.PutAsJsonAsync("/_sandbox/roles", new { roleArn, externalId })).EnsureSuccessStatusCode();
        var accepted = await admin.PutAsJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        return (tenantId, admin);
    }
}
