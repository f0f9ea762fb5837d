using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Core.Scheduling;
using EmailList.Core.Sending;
using EmailList.Core.Suppression;
using EmailList.Sandbox.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed class BatchSendTests(SendPathFixture fixture)
{
    [Fact]
    public async Task Three_valid_messages_are_sent_and_answered_in_order_with_the_SES_ids_the_sandbox_saw()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);

        var response = await client.PostBatchAsync(new[] { Mail("one"), Mail("two"), Mail("three") });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Empty(json.GetProperty("errors").EnumerateArray());
        var data = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], data.Select(d => d.GetProperty("index").GetInt32()));
        var outbox = await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!);
        Assert.Equal(3, outbox.Count);
        Assert.Equal(
            ["one", "two", "three"],
            data.Select(d => outbox.Single(m => m.MessageId == d.GetProperty("id").GetString()).Subject));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("strict")]
    [InlineData("STRICT")]
    public async Task In_strict_mode_one_invalid_message_sends_nothing_and_the_422_names_it_by_index(string? validation)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);

        var response = await client.PostBatchAsync(new[] { Mail("one"), Mail("two", from: "not an address"), Mail("three") }, validation);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Nothing was sent", await response.ProblemDetailAsync(), StringComparison.Ordinal);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.StartsWith("from:", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(error.GetProperty("errors").TryGetProperty("from", out _));
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task In_strict_mode_a_bad_scheduled_time_or_an_unknown_template_also_stops_the_whole_batch()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);

        var response = await client.PostBatchAsync(new object[]
        {
            Mail("now"),
            Mail("past", scheduledAt: Iso(DateTimeOffset.UtcNow.AddMinutes(-5))),
            Templated("no-such-template"),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([1, 2], errors.Select(e => e.GetProperty("index").GetInt32()));
        Assert.Contains("in the past", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("no-such-template", errors[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task In_permissive_mode_the_valid_messages_are_sent_and_the_invalid_one_is_reported_at_its_index()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);

        var response = await client.PostBatchAsync(new[] { Mail("one"), Mail("two", from: "not an address"), Mail("three") }, "permissive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        var data = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([0, 2], data.Select(d => d.GetProperty("index").GetInt32()));
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.Contains("from", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var outbox = await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!);
        Assert.Equal(["one", "three"], outbox.Select(m => m.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(
            data.Select(d => d.GetProperty("id").GetString()).Order(StringComparer.Ordinal),
            outbox.Select(m => m.MessageId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Suppressed_recipients_are_dropped_per_message_and_a_message_left_with_none_is_its_items_422()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.Api.Services.GetRequiredService<SuppressionList>().AddAsync(tenant.Id, "gone@example.com", SuppressionReason.Manual, "test", CancellationToken.None);
        using var client = SenderFor(tenant);

        var response = await client.PostBatchAsync(new[]
        {
            Mail("partly", to: ["success@simulator.amazonses.com", "gone@example.com"]),
            Mail("wholly", to: ["Gone@Example.com"]),
        }, "permissive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        var sent = Assert.Single(json.GetProperty("data").EnumerateArray());
        Assert.Equal(["gone@example.com"], sent.GetProperty("suppressed").EnumerateArray().Select(e => e.GetString()));
        var refused = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal((1, 422), (refused.GetProperty("index").GetInt32(), refused.GetProperty("status").GetInt32()));
        Assert.Equal(["gone@example.com"], refused.GetProperty("suppressed").EnumerateArray().Select(e => e.GetString()));
        var outbox = Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
        Assert.Equal(["success@simulator.amazonses.com"], outbox.To);
    }

    [Fact]
    public async Task A_batch_of_100_is_sent_and_one_of_101_is_refused_with_nothing_sent()
    {
        // At 50 recipients a second SES (the sandbox) throttles whatever comes faster: with no error on any of the
        // 100 items, the batch was paced to the account's rate (without the gate about half come back 429).
        var tenant = await fixture.CreateTenantAsync(a => a with { MaxSendRate = 50 });
        using var client = SenderFor(tenant);

        var refused = await client.PostBatchAsync(Enumerable.Range(0, 101).Select(i => Mail($"m{i}")).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("at most 100", await refused.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));

        var accepted = await client.PostBatchAsync(Enumerable.Range(0, 100).Select(i => Mail($"m{i}")).ToArray());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var json = await accepted.JsonAsync();
        Assert.True(json.GetProperty("errors").GetArrayLength() == 0, json.GetProperty("errors").ToString());
        var data = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 100), data.Select(d => d.GetProperty("index").GetInt32()));
        var outbox = await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!, limit: 200);
        Assert.Equal(100, outbox.Count);
        Assert.All(data, d => Assert.Equal($"m{d.GetProperty("index").GetInt32()}", outbox.Single(m => m.MessageId == d.GetProperty("id").GetString()).Subject));
    }

    [Fact]
    public async Task A_templated_message_and_a_scheduled_one_go_in_the_same_batch()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send", "templates:write"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/templates", new { name = "welcome", subject = "Welcome, {{name}}", text = "Hi {{name}}" })).StatusCode);
        var at = DateTimeOffset.UtcNow.AddHours(2);

        var response = await client.PostBatchAsync(new object[] { Templated("welcome"), Mail("later", scheduledAt: Iso(at)) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await response.JsonAsync()).GetProperty("data").EnumerateArray().ToList();
        var sent = Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
        Assert.Equal(sent.MessageId, data[0].GetProperty("id").GetString());
        Assert.Equal("Welcome, Jane", sent.Subject);
        Assert.Equal("welcome", sent.Tags["el_template"]);
        var scheduledId = data[1].GetProperty("id").GetString()!;
        Assert.True(ScheduledMailId.IsWellFormed(scheduledId), scheduledId);
        Assert.Equal("scheduled", data[1].GetProperty("status").GetString());
        var read = await (await client.GetAsync($"/mail/{scheduledId}")).JsonAsync();
        Assert.Equal("scheduled", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Each_message_sent_now_waits_for_the_send_rate_with_its_recipient_count_and_a_scheduled_one_does_not()
    {
        var gate = new RecordingSendRateGate();
        await using var api = await SendApiHost.StartAsync(fixture.Configuration(fixture.Redis.ConnectionString), s => s.AddSingleton<ISendRateGate>(gate));
        var tenant = await fixture.CreateTenantAsync();
        using var client = api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostBatchAsync(new[]
        {
            Mail("one", to: ["a@example.com"]),
            Mail("three", to: ["a@example.com", "b@example.com"], cc: ["c@example.com"]),
            Mail("later", to: ["a@example.com", "b@example.com"], scheduledAt: Iso(DateTimeOffset.UtcNow.AddHours(1))),
            Mail("two", to: ["a@example.com"], bcc: ["d@example.com"]),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([(tenant.Id, 1), (tenant.Id, 2), (tenant.Id, 3)], gate.Waits.Order());
        Assert.Equal(3, (await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!)).Count);
    }

    [Fact]
    public async Task SES_throttling_is_reported_per_message_with_its_retry_delay()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AccountId!, "SendEmail", 429, "TooManyRequestsException", 50));
        using var client = SenderFor(tenant);
        try
        {
            var response = await client.PostBatchAsync(new[] { Mail("one"), Mail("two") });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await response.JsonAsync();
            Assert.Empty(json.GetProperty("data").EnumerateArray());
            var errors = json.GetProperty("errors").EnumerateArray().ToList();
            Assert.Equal([0, 1], errors.Select(e => e.GetProperty("index").GetInt32()));
            Assert.All(errors, e => Assert.Equal(429, e.GetProperty("status").GetInt32()));
            Assert.All(errors, e => Assert.True(e.GetProperty("retryAfterSeconds").GetInt32() >= 1));
        }
        finally
        {
            await fixture.Sandbox.Admin.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task A_replayed_batch_answers_exactly_the_first_result_and_sends_nothing_twice()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);
        var batch = new[] { Mail("one"), Mail("two", from: "bad"), Mail("three") };

        var first = await client.PostBatchAsync(batch, "permissive", "batch-42");
        var replay = await client.PostBatchAsync(batch, "permissive", "batch-42");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(2, (await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!)).Count);
    }

    [Fact]
    public async Task The_same_key_with_another_batch_or_another_validation_mode_is_refused_with_422()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);

        var first = await client.PostBatchAsync(new[] { Mail("one") }, idempotencyKey: "k-1");
        var otherBody = await client.PostBatchAsync(new[] { Mail("other") }, idempotencyKey: "k-1");
        var otherMode = await client.PostBatchAsync(new[] { Mail("one") }, "permissive", "k-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Contains("different body", await otherBody.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherMode.StatusCode);
        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task Concurrent_duplicate_batches_send_each_message_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);
        var batch = new[] { Mail("one"), Mail("two") };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostBatchAsync(batch, idempotencyKey: "burst-1")));

        Assert.Equal(2, (await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!)).Count);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.NotNull(r.Headers.RetryAfter));
    }

    [Fact]
    public async Task A_strict_refusal_releases_the_key_so_the_corrected_batch_can_use_it()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);

        var refused = await client.PostBatchAsync(new[] { Mail("one"), Mail("two", from: "bad") }, idempotencyKey: "fix-me");
        var refusedAgain = await client.PostBatchAsync(new[] { Mail("one"), Mail("two", from: "bad") }, idempotencyKey: "fix-me");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedAgain.StatusCode);
        Assert.False(refusedAgain.Headers.Contains("Idempotent-Replayed"));
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task A_batch_goes_only_through_the_callers_tenant_and_cannot_use_another_tenants_templates_or_keys()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        using var clientA = SenderFor(a);
        using var writerB = fixture.Api.CreateClient(fixture.Tokens.ForTenant(b.Id, "mail:send", "templates:write"));
        Assert.Equal(HttpStatusCode.Created, (await writerB.PostAsJsonAsync("/templates", new { name = "private", subject = "B's {{name}}", text = "b" })).StatusCode);

        var byA = await clientA.PostBatchAsync(new object[] { Mail("from a"), Templated("private") }, "permissive", "shared-key");
        var byB = await writerB.PostBatchAsync(new object[] { Mail("from a"), Templated("private") }, "permissive", "shared-key");

        var jsonA = await byA.JsonAsync();
        Assert.Equal(0, Assert.Single(jsonA.GetProperty("data").EnumerateArray()).GetProperty("index").GetInt32());
        Assert.Equal(1, Assert.Single(jsonA.GetProperty("errors").EnumerateArray()).GetProperty("index").GetInt32());
        Assert.False(byB.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, (await byB.JsonAsync()).GetProperty("data").GetArrayLength());
        Assert.Equal(["from a"], (await fixture.Sandbox.Admin.GetOutboxAsync(a.AccountId!)).Select(m => m.Subject));
        Assert.Equal(2, (await fixture.Sandbox.Admin.GetOutboxAsync(b.AccountId!)).Count);
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadBatches() => new()
    {
        { "an object", """{"from":"news@example.com","to":["a@example.com"],"subject":"s","text":"t"}""", HttpStatusCode.BadRequest, "JSON array" },
        { "empty", "[]", HttpStatusCode.BadRequest, "no messages" },
        { "a string", "\"hello\"", HttpStatusCode.BadRequest, "JSON array" },
        { "not JSON", "[{", HttpStatusCode.BadRequest, "not a valid batch" },
        { "a null item", """[{"from":"news@example.com","to":["a@example.com"],"subject":"s","text":"t"}, null]""", HttpStatusCode.BadRequest, "Item 1 is null" },
        { "an unknown field", """[{"from":"news@example.com","to":["a@example.com"],"subject":"s","text":"t"}, {"form":"x"}]""", HttpStatusCode.BadRequest, "form" },
        { "a number item", "[1]", HttpStatusCode.BadRequest, "not a valid batch" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task A_body_that_is_not_a_batch_is_refused_saying_what_is_wrong_and_sends_nothing(string why, string body, HttpStatusCode status, string detail)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);

        var response = await client.PostBatchAsync(MailJson.Raw(body), "permissive");

        Assert.True(response.StatusCode == status, $"{why}: {response.StatusCode}");
        Assert.Contains(detail, await response.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Theory]
    [InlineData("lenient")]
    [InlineData("")]
    [InlineData("strict, permissive")]
    public async Task A_bad_x_batch_validation_value_is_refused_with_400_naming_the_two_modes(string value)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);

        var response = await client.PostBatchAsync(new[] { Mail("one") }, value);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = await response.ProblemDetailAsync();
        Assert.Contains("strict", detail, StringComparison.Ordinal);
        Assert.Contains("permissive", detail, StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task A_batch_over_the_size_limit_is_refused_with_413_saying_the_limit()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = SenderFor(tenant);
        var attachment = new { filename = "a.bin", contentType = "application/octet-stream", content = Convert.ToBase64String(new byte[600_000]) };
        var item = new { from = "news@example.com", to = new[] { "success@simulator.amazonses.com" }, subject = "s", text = "t", attachments = new[] { attachment } };

        var response = await client.PostBatchAsync(new[] { item, item, item });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"{BatchLimitBytes} bytes", await response.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task A_batch_needs_the_mail_send_scope_and_a_tenant_that_may_send()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var reader = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "templates:write"));
        using var anonymous = fixture.Api.CreateClient();
        var pending = await fixture.CreatePendingTenantAsync("t-" + Guid.NewGuid().ToString("N")[..12]);
        using var pendingClient = fixture.Api.CreateClient(fixture.Tokens.ForTenant(pending.Id, "mail:send"));

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostBatchAsync(new[] { Mail("one") })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostBatchAsync(new[] { Mail("one") })).StatusCode);
        var notReady = await pendingClient.PostBatchAsync(new[] { Mail("one") });
        Assert.Equal(HttpStatusCode.Conflict, notReady.StatusCode);
        Assert.Contains("PUT /tenant/role", await notReady.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    /// <summary>Mail:MaxBatchRequestBytes in <see cref="SendPathFixture"/>.</summary>
    private const int BatchLimitBytes = 1_572_864;

    private HttpClient SenderFor(TestTenant tenant) => fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

    private static object Mail(string subject, string from = "Acme <news@example.com>", string[]? to = null, string[]? cc = null, string[]? bcc = null, string? scheduledAt = null) => new
    {
        from,
        to = to ?? ["success@simulator.amazonses.com"],
        cc,
        bcc,
        subject,
        text = "Hello there.",
        scheduledAt,
    };

    private static object Templated(string name) => new
    {
        from = "Acme <news@example.com>",
        to = new[] { "success@simulator.amazonses.com" },
        template = new { name, data = new { name = "Jane" } },
    };

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
