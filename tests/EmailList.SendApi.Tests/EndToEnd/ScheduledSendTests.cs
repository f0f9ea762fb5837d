using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Aws.Dynamo;
using EmailList.Core.Scheduling;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed class ScheduledSendTests(SendPathFixture fixture)
{
    [Fact]
    public async Task A_send_with_scheduledAt_is_stored_not_sent_and_answered_at_once_with_its_id_and_utc_time()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        var at = WholeSeconds(DateTimeOffset.UtcNow.AddHours(3));
        var local = at.ToOffset(TimeSpan.FromHours(2));

        var response = await client.PostMailAsync(Scheduled(local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        var id = json.GetProperty("id").GetString()!;
        Assert.True(ScheduledMailId.IsWellFormed(id), id);
        Assert.Equal("scheduled", json.GetProperty("status").GetString());
        Assert.Equal(at, json.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, json.GetProperty("scheduledAt").GetDateTimeOffset().Offset);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));

        var read = await (await client.GetAsync($"/mail/{id}")).JsonAsync();
        Assert.Equal("scheduled", read.GetProperty("status").GetString());
        Assert.Equal(at, read.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("messageId").ValueKind);
    }

    [Fact]
    public async Task A_send_without_scheduledAt_goes_now_and_answers_only_its_id_and_suppressed()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["id", "suppressed"], (await response.JsonAsync()).EnumerateObject().Select(p => p.Name));
        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task A_time_a_few_seconds_past_is_accepted_as_clock_skew()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(Scheduled(Iso(DateTimeOffset.UtcNow.AddSeconds(-3))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string> BadTimes() => new()
    {
        { "no offset", "2030-01-01T09:00:00" },
        { "date only", "2030-01-01" },
        { "not a time", "tomorrow morning" },
        { "empty", "" },
        { "impossible date", "2030-02-30T09:00:00Z" },
        { "past", "past" },
        { "too far", "too far" },
    };

    [Theory]
    [MemberData(nameof(BadTimes))]
    public async Task A_bad_scheduledAt_is_refused_naming_the_field_and_nothing_is_stored_or_sent(string why, string value)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(Scheduled(Resolve(value)));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("scheduledAt", out var messages), errors.ToString());
        Assert.NotEmpty(messages[0].GetString()!);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task A_scheduled_time_says_why_it_is_refused()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        Assert.Contains("offset", await ErrorAsync(await client.PostMailAsync(Scheduled("2030-01-01T09:00:00"))), StringComparison.Ordinal);
        Assert.Contains("in the past", await ErrorAsync(await client.PostMailAsync(Scheduled(Resolve("past")))), StringComparison.Ordinal);
        Assert.Contains("30 days", await ErrorAsync(await client.PostMailAsync(Scheduled(Resolve("too far")))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_message_that_is_not_valid_is_refused_like_a_send()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(new { from = "not an address", to = new[] { "a@example.com" }, subject = "s", text = "t", scheduledAt = Iso(DateTimeOffset.UtcNow.AddHours(1)) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task A_scheduled_message_too_large_to_store_is_refused_with_413_and_a_way_out()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        var attachment = new { filename = "big.bin", contentType = "application/octet-stream", content = Convert.ToBase64String(new byte[300_000]) };

        var response = await client.PostMailAsync(new
        {
            from = "news@example.com",
            to = new[] { "a@example.com" },
            subject = "s",
            text = "t",
            attachments = new[] { attachment },
            scheduledAt = Iso(DateTimeOffset.UtcNow.AddHours(1)),
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("without scheduledAt", await response.ProblemDetailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescheduling_moves_the_time_with_the_same_rules()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        var id = await ScheduleAsync(client);
        var later = WholeSeconds(DateTimeOffset.UtcNow.AddDays(2));

        var moved = await client.PatchAsJsonAsync($"/mail/{id}", new { scheduledAt = Iso(later) });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(later, (await moved.JsonAsync()).GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal(later, (await (await client.GetAsync($"/mail/{id}")).JsonAsync()).GetProperty("scheduledAt").GetDateTimeOffset());

        Assert.Contains("in the past", await ErrorAsync(await client.PatchAsJsonAsync($"/mail/{id}", new { scheduledAt = Resolve("past") })), StringComparison.Ordinal);
        Assert.Contains("30 days", await ErrorAsync(await client.PatchAsJsonAsync($"/mail/{id}", new { scheduledAt = Resolve("too far") })), StringComparison.Ordinal);
        Assert.Contains("required", await ErrorAsync(await client.PatchAsJsonAsync($"/mail/{id}", new { })), StringComparison.Ordinal);
        var unknown = await client.PatchAsync($"/mail/{id}", MailJson.Raw("""{"scheduledAt":"2030-01-01T00:00:00Z","to":["x@example.com"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var malformed = await client.PatchAsync($"/mail/{id}", MailJson.Raw("""{"scheduledAt":"""));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(later, (await (await client.GetAsync($"/mail/{id}")).JsonAsync()).GetProperty("scheduledAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Cancelling_stops_the_mail_and_a_second_cancel_or_a_reschedule_is_409_naming_the_state()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        var id = await ScheduleAsync(client);

        var cancel = await client.DeleteAsync($"/mail/{id}");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal("cancelled", (await (await client.GetAsync($"/mail/{id}")).JsonAsync()).GetProperty("status").GetString());
        var again = await client.DeleteAsync($"/mail/{id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already cancelled", await again.ProblemDetailAsync(), StringComparison.Ordinal);
        var reschedule = await client.PatchAsJsonAsync($"/mail/{id}", new { scheduledAt = Iso(DateTimeOffset.UtcNow.AddHours(5)) });
        Assert.Equal(HttpStatusCode.Conflict, reschedule.StatusCode);
        Assert.Equal("cancelled", (await reschedule.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_broadcasts_mail_cannot_be_cancelled_or_moved_through_mail_and_the_409_points_to_the_broadcast()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        var at = DateTimeOffset.UtcNow.AddDays(1);
        var mail = new ScheduledMail
        {
            TenantId = tenant.Id,
            Id = Core.Identifiers.RandomId.Derive(ScheduledMailId.Prefix, "bc_test", "ct_test"),
            ScheduledAt = at,
            Content = string.Empty,
            Recipients = 1,
            BroadcastId = "bc_test",
            ContactId = "ct_test",
            CreatedAt = at,
            UpdatedAt = at,
        };
        await Store().AddAsync(mail, CancellationToken.None);

        var cancel = await client.DeleteAsync($"/mail/{mail.Id}");
        var reschedule = await client.PatchAsJsonAsync($"/mail/{mail.Id}", new { scheduledAt = Iso(DateTimeOffset.UtcNow.AddHours(5)) });

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Contains("POST /broadcasts/bc_test/pause", await cancel.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, reschedule.StatusCode);
        Assert.Contains("/broadcasts/bc_test/cancel", await reschedule.ProblemDetailAsync(), StringComparison.Ordinal);
        var read = await Store().GetAsync(tenant.Id, mail.Id, CancellationToken.None);
        Assert.Equal(ScheduledMailStatus.Scheduled, read!.Status);
        Assert.Equal(mail.ScheduledAt, read.ScheduledAt);
    }

    [Fact]
    public async Task Once_sent_a_mail_shows_its_message_id_and_can_no_longer_be_cancelled_or_moved()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        var at = WholeSeconds(DateTimeOffset.UtcNow.AddDays(29));
        var id = await ScheduleAsync(client, at);
        await SendAsTheDispatcherWouldAsync(tenant.Id, id, at, "ses-message-1", ["gone@example.com"]);

        var read = await (await client.GetAsync($"/mail/{id}")).JsonAsync();
        Assert.Equal("sent", read.GetProperty("status").GetString());
        Assert.Equal("ses-message-1", read.GetProperty("messageId").GetString());
        Assert.Equal("gone@example.com", read.GetProperty("suppressed")[0].GetString());

        var cancel = await client.DeleteAsync($"/mail/{id}");
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Contains("already sent", await cancel.ProblemDetailAsync(), StringComparison.Ordinal);
        var reschedule = await client.PatchAsJsonAsync($"/mail/{id}", new { scheduledAt = Iso(DateTimeOffset.UtcNow.AddHours(5)) });
        Assert.Equal(HttpStatusCode.Conflict, reschedule.StatusCode);
        Assert.Contains("already sent", await reschedule.ProblemDetailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenants_mail_and_a_malformed_id_are_not_found_for_every_verb()
    {
        var owner = await fixture.CreateTenantAsync();
        var intruder = await fixture.CreateTenantAsync();
        using var ownerClient = fixture.Api.CreateClient(fixture.Tokens.ForTenant(owner.Id, "mail:send"));
        using var intruderClient = fixture.Api.CreateClient(fixture.Tokens.ForTenant(intruder.Id, "mail:send"));
        var id = await ScheduleAsync(ownerClient);
        var reschedule = new { scheduledAt = Iso(DateTimeOffset.UtcNow.AddHours(5)) };

        foreach (var target in new[] { id, "sm_nope", "not-an-id", ScheduledMailId.New() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await intruderClient.GetAsync($"/mail/{target}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await intruderClient.PatchAsJsonAsync($"/mail/{target}", reschedule)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await intruderClient.DeleteAsync($"/mail/{target}")).StatusCode);
        }

        Assert.Contains("no scheduled mail", await (await intruderClient.GetAsync($"/mail/{id}")).ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Equal("scheduled", (await (await ownerClient.GetAsync($"/mail/{id}")).JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reading_or_changing_a_scheduled_mail_needs_the_mail_send_scope()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var sender = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        using var reader = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "events:read"));
        using var anonymous = fixture.Api.CreateClient();
        var id = await ScheduleAsync(sender);

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync($"/mail/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/mail/{id}")).StatusCode);
        Assert.Equal("scheduled", (await (await sender.GetAsync($"/mail/{id}")).JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_idempotent_retry_of_a_scheduled_send_answers_the_same_mail_exactly_and_stores_one()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        var body = Scheduled(Iso(DateTimeOffset.UtcNow.AddHours(1)));

        var first = await client.PostMailAsync(body, "schedule-once");
        var second = await client.PostMailAsync(body, "schedule-once");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("scheduled", (await second.JsonAsync()).GetProperty("status").GetString());
        var other = await client.PostMailAsync(Scheduled(Iso(DateTimeOffset.UtcNow.AddHours(2))), "schedule-once");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
    }

    private static object Scheduled(string scheduledAt) => new
    {
        from = "Acme <news@example.com>",
        to = new[] { "success@simulator.amazonses.com" },
        subject = "Later",
        text = "Hello, later.",
        scheduledAt,
    };

    private static async Task<string> ScheduleAsync(HttpClient client, DateTimeOffset? at = null)
    {
        var response = await client.PostMailAsync(Scheduled(Iso(at ?? DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    /// <summary>Claims and completes the mail through the store, as the dispatcher does once its time has come.</summary>
    private async Task SendAsTheDispatcherWouldAsync(string tenantId, string id, DateTimeOffset at, string messageId, IReadOnlyList<string> suppressed)
    {
        var store = Store();
        var claims = await store.ClaimDueAsync(at, 1000, 1000, "test-dispatcher", TimeSpan.FromMinutes(1), CancellationToken.None);
        var claim = Assert.Single(claims, c => c.Mail.TenantId == tenantId && c.Mail.Id == id);
        Assert.True(await store.MarkSentAsync(claim, messageId, suppressed, at, CancellationToken.None));
    }

    private DynamoDbScheduledMailStore Store() =>
        new(fixture.Dynamo.Client, new DynamoDbTables(Options.Create(new DynamoDbOptions { TablePrefix = fixture.TablePrefix })), TimeProvider.System);

    private static async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.JsonAsync();
        return json.GetProperty("errors").GetProperty("scheduledAt")[0].GetString()!;
    }

    private static string Resolve(string value) => value switch
    {
        "past" => Iso(DateTimeOffset.UtcNow.AddMinutes(-1)),
        "too far" => Iso(DateTimeOffset.UtcNow.AddDays(30).AddMinutes(5)),
        _ => value,
    };

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset WholeSeconds(DateTimeOffset value) => new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Offset);
}
