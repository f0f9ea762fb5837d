using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Suppression;
using EmailList.Sqlite;
using EmailList.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone.Tests;

/// <summary>
/// Broadcasts end to end against the real binary: lists and contacts written through the stores on its SQLite file,
/// the broadcast made and sent over HTTP, sent by the embedded dispatcher to the sandbox, read back from its outbox.
/// </summary>
public sealed class BroadcastFlowTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(40);
    private readonly SqliteDatabase _database = new(
        Options.Create(new SqliteOptions { ConnectionString = $"Data Source={Path.Combine(host.DataDirectory, "emaillist.db")}" }),
        TimeProvider.System, NullLogger<SqliteDatabase>.Instance);

    [Fact]
    public async Task Every_subscriber_gets_one_personalized_mail_the_unsubscribed_and_the_suppressed_none_and_the_broadcast_ends_sent_with_its_counts()
    {
        using var client = await host.ClientAsync(string.Empty);
        var list = await AddListAsync("demo");
        var subscribers = new List<Contact>();
        for (var i = 0; i < 12; i++)
        {
            subscribers.Add(await SubscribeAsync(list, $"reader{i}.{list.Id}@example.com", $$"""{"first_name":"Reader {{i}}"}"""));
        }

        var unsubscribed = await SubscribeAsync(list, $"gone.{list.Id}@example.com", """{"first_name":"Gone"}""");
        await new SqliteContactStore(_database).UnsubscribeAsync("demo", list.Id, unsubscribed.Id, "api", DateTimeOffset.UtcNow, default);
        var suppressed = await SubscribeAsync(list, $"bounced.{list.Id}@example.com", """{"first_name":"Bounced"}""");
        await new SqliteSuppressionStore(_database).PutAsync(new SuppressionEntry("demo", suppressed.Email, SuppressionReason.Bounce, "test", DateTimeOffset.UtcNow), default);

        var id = await CreateAsync(client, new { listId = list.Id, name = "Spring", from = "News <news@example.com>", subject = "Hi {{first_name}}", text = "Hello {{first_name}}. Leave: {{unsubscribe_url}}" });
        var send = await client.PostAsJsonAsync($"/broadcasts/{id}/send", new { });
        Assert.True(send.StatusCode == HttpStatusCode.OK, await send.Content.ReadAsStringAsync());

        var done = await WaitForStatusAsync(client, id, "sent");
        var progress = done.GetProperty("progress");
        Assert.Equal((0, 12, 1, 0), (progress.GetProperty("queued").GetInt32(), progress.GetProperty("sent").GetInt32(),
            progress.GetProperty("skipped").GetInt32(), progress.GetProperty("failed").GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("completedAt").ValueKind);

        // Each recipient is a scheduled mail GET /mail/{id} reads: the suppressed one says why it was skipped.
        var skipped = await client.GetFromJsonAsync<JsonElement>($"/mail/{RandomId.Derive("sm_", id, suppressed.Id)}");
        Assert.Equal("skipped", skipped.GetProperty("status").GetString());
        Assert.Contains("suppressed", skipped.GetProperty("failureReason").GetString(), StringComparison.Ordinal);

        var mails = (await host.OutboxAsync()).Where(m => m.GetProperty("tags").TryGetProperty("el_broadcast", out var b) && b.GetString() == id).ToList();
        Assert.Equal(subscribers.Select(c => c.Email).Order(), mails.Select(m => m.GetProperty("to")[0].GetString()!).Order());
        foreach (var mail in mails)
        {
            var contact = subscribers.Single(c => c.Email == mail.GetProperty("to")[0].GetString());
            Assert.Equal($"Hi Reader {subscribers.IndexOf(contact)}", mail.GetProperty("subject").GetString());
            Assert.Equal(contact.Id, mail.GetProperty("tags").GetProperty("el_contact").GetString());
            Assert.Equal(list.Id, mail.GetProperty("tags").GetProperty("el_list").GetString());
            using var raw = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.GetProperty("raw").GetString()!));
            var headers = MimeKit.MimeMessage.Load(raw).Headers;
            Assert.StartsWith("<" + host.SendApiUrl.AbsoluteUri.TrimEnd('/') + "/unsubscribe/", headers["List-Unsubscribe"], StringComparison.Ordinal);
            Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
        }
    }

    [Fact]
    public async Task A_paused_broadcast_stops_sending_until_resumed_and_then_everyone_gets_it_once()
    {
        var (tenantId, _) = await OnboardTenantAsync(maxSendRate: 2);
        using var client = await host.ClientAsync($"tenant={tenantId}");
        var list = await AddListAsync(tenantId);
        for (var i = 0; i < 16; i++)
        {
            await SubscribeAsync(list, $"slow{i}.{list.Id}@example.com", "{}");
        }

        var id = await CreateAsync(client, new { listId = list.Id, name = "Slow", from = "news@example.com", subject = "Slow news", text = "Hi {{email}}" });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/broadcasts/{id}/send", new { })).StatusCode);
        await Eventually.TrueAsync(async () => (await SentToAsync(id)).Count >= 2, "the first mails of the broadcast", SendTimeout);

        var pause = await client.PostAsJsonAsync($"/broadcasts/{id}/pause", new { reason = "Checking a typo" });
        Assert.True(pause.StatusCode == HttpStatusCode.OK, await pause.Content.ReadAsStringAsync());
        Assert.Equal("paused", (await pause.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await Task.Delay(TimeSpan.FromSeconds(3)); // mail already in SES's hands may still land
        var atPause = (await SentToAsync(id)).Count;
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(atPause, (await SentToAsync(id)).Count);
        Assert.True(atPause < 16, $"all 16 were sent before the pause took effect ({atPause})");
        var paused = await client.GetFromJsonAsync<JsonElement>($"/broadcasts/{id}");
        Assert.Equal("Checking a typo", paused.GetProperty("pauseReason").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/broadcasts/{id}/resume", null)).StatusCode);
        await WaitForStatusAsync(client, id, "sent");
        var sent = await SentToAsync(id);
        Assert.Equal(16, sent.Count);
        Assert.Equal(16, sent.Distinct().Count());
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_nor_change_nor_send_a_broadcast()
    {
        using var owner = await host.ClientAsync(string.Empty);
        using var intruder = await host.ClientAsync("tenant=intruder-" + Guid.NewGuid().ToString("N")[..8]);
        var list = await AddListAsync("demo");
        await SubscribeAsync(list, $"private.{list.Id}@example.com", "{}");
        var id = await CreateAsync(owner, new { listId = list.Id, name = "Private", from = "news@example.com", subject = "Mine", text = "Mine" });

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/broadcasts/{id}")).StatusCode);
        Assert.DoesNotContain(id, (await intruder.GetStringAsync("/broadcasts")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PatchAsJsonAsync($"/broadcasts/{id}", new { name = "Taken" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync($"/broadcasts/{id}/preview", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync($"/broadcasts/{id}/test", new { to = new[] { "me@example.com" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync($"/broadcasts/{id}/send", new { })).StatusCode);
        foreach (var action in new[] { "pause", "resume", "cancel" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsync($"/broadcasts/{id}/{action}", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.DeleteAsync($"/broadcasts/{id}")).StatusCode);
        // Nor can it make a broadcast to the owner's list.
        var foreign = await intruder.PostAsJsonAsync("/broadcasts", new { listId = list.Id, name = "x", from = "news@example.com", subject = "x", text = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);

        var mine = await owner.GetFromJsonAsync<JsonElement>($"/broadcasts/{id}");
        Assert.Equal(("Private", "draft"), (mine.GetProperty("name").GetString(), mine.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_draft_is_changed_previewed_and_deleted_and_once_sent_changes_are_refused_naming_its_state()
    {
        using var client = await host.ClientAsync(string.Empty);
        var list = await AddListAsync("demo");
        var jane = await SubscribeAsync(list, $"jane.{list.Id}@example.com", """{"first_name":"Jane"}""");
        var id = await CreateAsync(client, new { listId = list.Id, name = "Draft", from = "news@example.com", subject = "Hi {{first_name}}", text = "Hi" });

        var patched = await client.PatchAsJsonAsync($"/broadcasts/{id}", new { subject = "Hello {{first_name}}", text = "Bye: {{unsubscribe_url}}" });
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        var preview = await client.PostAsJsonAsync($"/broadcasts/{id}/preview", new { contactId = jane.Id });
        var rendered = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Hello Jane", rendered.GetProperty("subject").GetString());
        Assert.StartsWith("Bye: " + host.SendApiUrl.AbsoluteUri.TrimEnd('/') + "/unsubscribe/", rendered.GetProperty("text").GetString(), StringComparison.Ordinal);
        var sample = await client.PostAsJsonAsync($"/broadcasts/{id}/preview", new { data = new { first_name = "Sam" } });
        Assert.Equal("Hello Sam", (await sample.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subject").GetString());

        var test = await client.PostAsJsonAsync($"/broadcasts/{id}/test", new { to = new[] { "tester@example.com" }, contactId = jane.Id });
        Assert.True(test.StatusCode == HttpStatusCode.OK, await test.Content.ReadAsStringAsync());
        var testId = (await test.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sent")[0].GetProperty("messageId").GetString();
        using (var sandbox = new HttpClient { BaseAddress = host.SandboxUrl })
        {
            var testMail = await sandbox.GetFromJsonAsync<JsonElement>($"/_sandbox/outbox/{testId}");
            Assert.Equal("[Test] Hello Jane", testMail.GetProperty("subject").GetString());
            Assert.False(testMail.GetProperty("tags").TryGetProperty("el_contact", out _));
        }

        var other = await CreateAsync(client, new { listId = list.Id, name = "Gone", from = "news@example.com", subject = "x", text = "x" });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/broadcasts/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/broadcasts/{other}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/broadcasts/{id}/send", new { scheduledAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture) })).StatusCode);
        var refused = await client.PatchAsJsonAsync($"/broadcasts/{id}", new { name = "Late" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scheduled", problem.GetProperty("status").GetString());
        Assert.Contains("is scheduled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/broadcasts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/broadcasts/{id}/resume", null)).StatusCode);
        Assert.Equal("cancelled", (await (await client.PostAsync($"/broadcasts/{id}/cancel", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/broadcasts/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_answered_with_problem_details_naming_each_field()
    {
        using var client = await host.ClientAsync(string.Empty);
        var list = await AddListAsync("demo");

        var missing = await client.PostAsJsonAsync("/broadcasts", new { name = "", from = "not an address", segment = new { plan = new[] { "a" } } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "listId", "name", "from", "segment", "subject" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        var both = await client.PostAsJsonAsync("/broadcasts", new { listId = list.Id, name = "x", subject = "x", text = "x", template = new { name = "welcome" } });
        Assert.True((await both.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("template", out _));
        var unknown = await client.PostAsync("/broadcasts", new StringContent("""{"listId":"x","colour":"red"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("colour", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = await CreateAsync(client, new { listId = list.Id, name = "x", from = "news@example.com", subject = "x", text = "x" });
        var past = await client.PostAsJsonAsync($"/broadcasts/{id}/send", new { scheduledAt = "2020-01-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.True((await past.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("scheduledAt", out _));
        var tooMany = await client.PostAsJsonAsync($"/broadcasts/{id}/test", new { to = Enumerable.Range(0, 6).Select(i => $"t{i}@example.com") });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/broadcasts/bc_nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/broadcasts?limit=0")).StatusCode);
    }

    private async Task<MailingList> AddListAsync(string tenantId)
    {
        var now = DateTimeOffset.UtcNow;
        var list = new MailingList
        {
            TenantId = tenantId,
            Id = RandomId.New(ListIds.List),
            Name = "News",
            From = "news@example.com",
            PublicKey = RandomId.New(ListIds.PublicKey),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await new SqliteListStore(_database).AddAsync(list, default);
        return list;
    }

    private async Task<Contact> SubscribeAsync(MailingList list, string email, string attributes)
    {
        var contacts = new SqliteContactStore(_database);
        var now = DateTimeOffset.UtcNow;
        var contact = await contacts.GetOrAddAsync(new Contact
        {
            TenantId = list.TenantId,
            Id = RandomId.New(ListIds.Contact),
            Email = email,
            Attributes = attributes,
            CreatedAt = now,
            UpdatedAt = now,
        }, default);
        await contacts.PutSubscriptionAsync(new Subscription
        {
            TenantId = list.TenantId,
            ListId = list.Id,
            ContactId = contact.Id,
            Email = contact.Email,
            Status = SubscriptionStatus.Subscribed,
            Consent = new ConsentRecord(now, ConsentRoute.Api, Statement: "test"),
            ConfirmedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        }, default);
        return contact;
    }

    private static async Task<string> CreateAsync(HttpClient client, object broadcast)
    {
        var response = await client.PostAsJsonAsync("/broadcasts", broadcast);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static Task<JsonElement> WaitForStatusAsync(HttpClient client, string id, string status) =>
        Eventually.ValueAsync(async () =>
        {
            var read = await client.GetFromJsonAsync<JsonElement>($"/broadcasts/{id}");
            return (read.GetProperty("status").GetString() == status, read);
        }, $"broadcast {id} becoming {status}", timeout: SendTimeout);

    private async Task<List<string>> SentToAsync(string broadcastId) =>
        [.. (await host.OutboxAsync())
            .Where(m => m.GetProperty("tags").TryGetProperty("el_broadcast", out var b) && b.GetString() == broadcastId)
            .Select(m => m.GetProperty("to")[0].GetString()!)];

    private async Task<(string TenantId, HttpClient Admin)> OnboardTenantAsync(double maxSendRate)
    {
        var tenantId = "bc-" + Guid.NewGuid().ToString("N")[..8];
        var accountId = "3355" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var roleArn = $"arn:aws:iam::{accountId}:role/EmailListSender";
        using var operatorClient = await host.ClientAsync("tenant=ops&admin=true", host.QueryApiUrl);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsJsonAsync("/tenants", new { id = tenantId, name = "Broadcasts Inc." })).StatusCode);
        var admin = await host.ClientAsync($"tenant={tenantId}&scope=tenant:admin", host.QueryApiUrl);
        var externalId = (await admin.GetFromJsonAsync<JsonElement>("/tenant")).GetProperty("tenant").GetProperty("externalId").GetString()!;
        using var sandbox = new HttpClient { BaseAddress = host.SandboxUrl };
        (await sandbox.PutAsJsonAsync($"/_sandbox/accounts/{accountId}", new { verifiedIdentities = new[] { "example.com" }, maxSendRate })).EnsureSuccessStatusCode();
        (await sandbox.PutAsJsonAsync("/_sandbox/roles", new { roleArn, externalId })).EnsureSuccessStatusCode();
        var accepted = await admin.PutAsJsonAsync("/tenant/role", new { roleArn, region = "us-east-1" });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        return (tenantId, admin);
    }
}
