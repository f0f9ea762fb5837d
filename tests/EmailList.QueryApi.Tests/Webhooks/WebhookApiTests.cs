using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmailList.Core.Identifiers;
using EmailList.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.QueryApi.Tests.Webhooks;

/// <summary>/webhooks over real HTTP, on a deployment that refuses private targets (as production does).</summary>
[Collection(QueryApiGroup.Name)]
public sealed class WebhookApiTests(QueryApiFixture fixture)
{
    // A public address as an IP literal: accepted without DNS, never dialled by these tests.
    private const string PublicUrl = "https://93.184.215.14/hooks/emaillist";

    private IWebhookStore Webhooks => fixture.Api.Services.GetRequiredService<IWebhookStore>();

    private IWebhookDeliveryStore Deliveries => fixture.Api.Services.GetRequiredService<IWebhookDeliveryStore>();

    [Fact]
    public async Task A_created_webhook_shows_its_secret_once_and_never_again()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");

        using var created = await client.PostAsJsonAsync("/webhooks", new { url = PublicUrl, eventTypes = new[] { "email.delivered", "email.bounced" }, description = "CRM" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("whsec_", body.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/webhooks/{id}", created.Headers.Location!.OriginalString);
        Assert.True(body.GetProperty("enabled").GetBoolean());

        var one = await client.GetJsonAsync($"/webhooks/{id}");
        Assert.False(one.TryGetProperty("secret", out _));
        Assert.Equal(["email.delivered", "email.bounced"], one.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        var list = await client.GetJsonAsync("/webhooks");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.False(item.TryGetProperty("secret", out _));
        Assert.Equal("CRM", item.GetProperty("description").GetString());
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { """{"eventTypes":["email.sent"]}""", "url", "url is required" },
        { """{"url":"not a url","eventTypes":["email.sent"]}""", "url", "not an absolute URL" },
        { """{"url":"http://93.184.215.14/x","eventTypes":["email.sent"]}""", "url", "https only" },
        { """{"url":"ftp://93.184.215.14/x","eventTypes":["email.sent"]}""", "url", "https only" },
        { """{"url":"https://user:pw@93.184.215.14/x","eventTypes":["email.sent"]}""", "url", "user name or password" },
        { $$"""{"url":"https://93.184.215.14/{{new string('a', 2100)}}","eventTypes":["email.sent"]}""", "url", "at most 2048" },
        { """{"url":"https://93.184.215.14/x"}""", "eventTypes", "email.delivered" },
        { """{"url":"https://93.184.215.14/x","eventTypes":[]}""", "eventTypes", "at least one" },
        { """{"url":"https://93.184.215.14/x","eventTypes":["email.sent","email.exploded"]}""", "eventTypes", "'email.exploded'. Valid: email.sent, email.delivered" },
        { $$"""{"url":"https://93.184.215.14/x","eventTypes":["email.sent"],"description":"{{new string('d', 201)}}"}""", "description", "at most 200" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Every_bad_input_is_refused_with_the_field_and_what_to_do(string json, string field, string message)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");

        using var response = await client.PostAsync("/webhooks", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains(field, problem.ErrorFields());
        Assert.Contains(message, problem.ErrorText(), StringComparison.Ordinal);
        Assert.Empty(await Webhooks.ListAsync(tenant.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"url":"https://93.184.215.14/x","eventTypes":["email.sent"],"secret":"whsec_mine"}""", "secret")]
    [InlineData("""{"url":"https://93.184.215.14/x","eventTypes":"email.sent"}""", "eventTypes")]
    [InlineData("""[1,2]""", "JSON object")]
    [InlineData("""{"url":""", "not valid")]
    public async Task A_malformed_body_is_a_400_that_says_what_is_wrong(string json, string message)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");

        using var response = await client.PostAsync("/webhooks", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.16.0.1/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://224.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://[::ffff:169.254.169.254]/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://2130706433/hook")]
    public async Task A_url_that_reaches_a_private_address_is_refused(string url)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");

        using var response = await client.PostAsJsonAsync("/webhooks", new { url, eventTypes = new[] { "email.sent" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(["url"], problem.ErrorFields());
        Assert.Contains("not a public address", problem.ErrorText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_to_a_private_url_is_refused_too()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");
        var id = await CreateAsync(client);

        using var response = await client.PatchAsJsonAsync($"/webhooks/{id}", new { url = "https://169.254.169.254/" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(PublicUrl, (await client.GetJsonAsync($"/webhooks/{id}")).GetProperty("url").GetString());
    }

    [Fact]
    public async Task Patch_changes_only_what_is_given_and_enabling_clears_what_the_platform_recorded()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");
        var id = await CreateAsync(client);
        var stored = (await Webhooks.GetAsync(tenant.Id, id, CancellationToken.None))!;
        var since = DateTimeOffset.UtcNow.AddDays(-3);
        Assert.True(await Webhooks.TryUpdateAsync(stored with { Enabled = false, DisabledReason = WebhookDisabledReason.Failing, FailingSince = since }, CancellationToken.None));

        var disabled = await client.GetJsonAsync($"/webhooks/{id}");
        Assert.Equal("Failing", disabled.GetProperty("disabledReason").GetString());
        using var described = await client.PatchAsJsonAsync($"/webhooks/{id}", new { description = "billing", eventTypes = new[] { "email.complained" } });
        var afterDescribe = await described.JsonAsync();
        Assert.Equal(("billing", false, "Failing"), (afterDescribe.GetProperty("description").GetString(), afterDescribe.GetProperty("enabled").GetBoolean(), afterDescribe.GetProperty("disabledReason").GetString()));
        Assert.Equal(["email.complained"], afterDescribe.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));

        using var enabled = await client.PatchAsJsonAsync($"/webhooks/{id}", new { enabled = true });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var after = (await Webhooks.GetAsync(tenant.Id, id, CancellationToken.None))!;
        Assert.Equal((true, (WebhookDisabledReason?)null, (DateTimeOffset?)null, "billing", PublicUrl), (after.Enabled, after.DisabledReason, after.FailingSince, after.Description, after.Url.AbsoluteUri));
    }

    [Fact]
    public async Task Rotating_returns_a_new_secret_and_keeps_the_old_one_signing_for_a_day()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");
        using var created = await client.PostAsJsonAsync("/webhooks", new { url = PublicUrl, eventTypes = new[] { "email.sent" } });
        var first = (await created.JsonAsync()).GetProperty("secret").GetString()!;
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;

        using var rotated = await client.PostAsync($"/webhooks/{id}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = await rotated.JsonAsync();
        var second = body.GetProperty("secret").GetString()!;
        Assert.NotEqual(first, second);
        var graceEnds = body.GetProperty("previousSecretExpiresAt").GetDateTimeOffset();
        Assert.InRange(graceEnds - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));

        var stored = (await Webhooks.GetAsync(tenant.Id, id, CancellationToken.None))!;
        Assert.Equal([second, first], stored.SigningSecrets(DateTimeOffset.UtcNow));
        Assert.Equal([second], stored.SigningSecrets(DateTimeOffset.UtcNow.AddHours(25)));
        Assert.False((await client.GetJsonAsync($"/webhooks/{id}")).TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_nor_change_nor_use_a_webhook()
    {
        var owner = await fixture.CreateTenantAsync();
        var other = await fixture.CreateTenantAsync();
        using var ownerClient = fixture.Client(owner.Id, "webhooks:write");
        using var otherClient = fixture.Client(other.Id, "webhooks:write");
        var id = await CreateAsync(ownerClient);
        using var test = await ownerClient.PostAsync($"/webhooks/{id}/test", null);
        var deliveryId = (await test.JsonAsync()).GetProperty("id").GetString();

        Assert.Empty((await otherClient.GetJsonAsync("/webhooks")).GetProperty("items").EnumerateArray());
        await otherClient.GetJsonAsync($"/webhooks/{id}", HttpStatusCode.NotFound);
        await otherClient.GetJsonAsync($"/webhooks/{id}/deliveries", HttpStatusCode.NotFound);
        await otherClient.GetJsonAsync($"/webhooks/{id}/deliveries/{deliveryId}", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.PatchAsJsonAsync($"/webhooks/{id}", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.PostAsync($"/webhooks/{id}/rotate-secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.PostAsync($"/webhooks/{id}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.PostAsync($"/webhooks/{id}/deliveries/{deliveryId}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.DeleteAsync($"/webhooks/{id}")).StatusCode);

        var untouched = (await Webhooks.GetAsync(owner.Id, id, CancellationToken.None))!;
        Assert.True(untouched.Enabled);
        Assert.Equal(1, untouched.Version);
        Assert.Single((await ownerClient.GetJsonAsync($"/webhooks/{id}/deliveries")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_token_without_webhooks_write_is_refused_and_told_the_scope()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read");

        using var response = await client.GetAsync("/webhooks");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("webhooks:write", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_has_at_most_twenty_webhooks()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");
        for (var i = 0; i < WebhookLimits.MaxPerTenant; i++)
        {
            await CreateAsync(client);
        }

        using var refused = await client.PostAsJsonAsync("/webhooks", new { url = PublicUrl, eventTypes = new[] { "email.sent" } });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("at most 20 webhooks", (await refused.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delivery_log_pages_by_cursor_filters_by_status_and_refuses_a_foreign_cursor()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");
        var id = await CreateAsync(client);
        var otherId = await CreateAsync(client);
        var now = DateTimeOffset.UtcNow;
        var queued = Enumerable.Range(0, 5).Select(i => new WebhookDelivery
        {
            TenantId = tenant.Id,
            Id = TenantWebhooks.DeliveryId(id, $"evt_{i}"),
            WebhookId = id,
            EventType = "email.sent",
            EventId = $"evt_{i}",
            Payload = """{"type":"email.sent","timestamp":"2026-12-05T00:00:00Z","data":{}}""",
            CreatedAt = now.AddSeconds(i),
            NextAttemptAt = now.AddHours(1),
            ExpiresAt = now.AddDays(30),
        }).ToList();
        await Deliveries.AddManyAsync(queued, CancellationToken.None);

        var first = await client.GetJsonAsync($"/webhooks/{id}/deliveries?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await client.GetJsonAsync($"/webhooks/{id}/deliveries?limit=2&cursor={Uri.EscapeDataString(cursor)}");
        var third = await client.GetJsonAsync($"/webhooks/{id}/deliveries?limit=2&cursor={Uri.EscapeDataString(second.GetProperty("nextCursor").GetString()!)}");
        var ids = new[] { first, second, third }.SelectMany(p => p.Ids()).ToList();
        Assert.Equal(queued.OrderByDescending(d => d.CreatedAt).Select(d => d.Id), ids);
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
        Assert.All(first.GetProperty("items").EnumerateArray(), d => Assert.Equal("pending", d.GetProperty("status").GetString()));

        Assert.Empty((await client.GetJsonAsync($"/webhooks/{id}/deliveries?status=succeeded")).GetProperty("items").EnumerateArray());
        Assert.Equal(5, (await client.GetJsonAsync($"/webhooks/{id}/deliveries?status=pending")).GetProperty("items").GetArrayLength());
        var badStatus = await client.GetJsonAsync($"/webhooks/{id}/deliveries?status=done", HttpStatusCode.BadRequest);
        Assert.Contains("pending, succeeded or failed", badStatus.ErrorText(), StringComparison.Ordinal);
        var foreign = await client.GetJsonAsync($"/webhooks/{otherId}/deliveries?limit=2&cursor={Uri.EscapeDataString(cursor)}", HttpStatusCode.BadRequest);
        Assert.Equal(["cursor"], foreign.ErrorFields());
        var unknown = await client.GetJsonAsync($"/webhooks/{id}/deliveries?page=2", HttpStatusCode.BadRequest);
        Assert.Contains("page", unknown.ErrorFields());
    }

    [Fact]
    public async Task Retry_makes_a_failed_delivery_due_again_and_a_disabled_webhook_says_to_enable_it_first()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");
        var id = await CreateAsync(client);
        using var test = await client.PostAsync($"/webhooks/{id}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var deliveryId = (await test.JsonAsync()).GetProperty("id").GetString()!;
        Assert.Equal("webhook.test", (await client.GetJsonAsync($"/webhooks/{id}/deliveries/{deliveryId}")).GetProperty("payload").GetProperty("type").GetString());

        using var retried = await client.PostAsync($"/webhooks/{id}/deliveries/{deliveryId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal("pending", (await retried.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/webhooks/{id}/deliveries/{RandomId.New("msg_")}/retry", null)).StatusCode);

        using var disable = await client.PatchAsJsonAsync($"/webhooks/{id}", new { enabled = false });
        using var refused = await client.PostAsync($"/webhooks/{id}/test", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("\"enabled\":true", (await refused.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_webhook_removes_it()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write");
        var id = await CreateAsync(client);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/webhooks/{id}")).StatusCode);
        await client.GetJsonAsync($"/webhooks/{id}", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/webhooks/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_tenant_answer_names_webhooks_the_platform_disabled()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "webhooks:write", "tenant:admin");
        var id = await CreateAsync(client);
        await CreateAsync(client);
        var stored = (await Webhooks.GetAsync(tenant.Id, id, CancellationToken.None))!;
        Assert.True(await Webhooks.TryUpdateAsync(stored with { Enabled = false, DisabledReason = WebhookDisabledReason.Gone, UpdatedAt = DateTimeOffset.UtcNow }, CancellationToken.None));

        var answer = await client.GetJsonAsync("/tenant");

        var notice = Assert.Single(answer.GetProperty("disabledWebhooks").EnumerateArray());
        Assert.Equal((id, "Gone", PublicUrl), (notice.GetProperty("id").GetString(), notice.GetProperty("reason").GetString(), notice.GetProperty("url").GetString()));
        Assert.Contains("410", notice.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> CreateAsync(HttpClient client)
    {
        using var created = await client.PostAsJsonAsync("/webhooks", new { url = PublicUrl, eventTypes = new[] { "email.sent" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetString()!;
    }
}
