using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Core.Broadcasts;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.Lists;

[Collection(ListsGroup.Name)]
public sealed class BroadcastResumeTests(ListsFixture fixture)
{
    private const string GuardReason = BroadcastGuard.ReasonPrefix
        + " 8 of 200 recipients bounced in the last 24 h (4.00 %), at or above 4.00 %; SES reviews an account at 5 %. Remove bad addresses from the list, then resume.";

    private IBroadcastStore Store => fixture.Api.Services.GetRequiredService<IBroadcastStore>();

    [Fact]
    public async Task Resuming_a_broadcast_the_guard_paused_answers_409_naming_the_rates_until_the_request_acknowledges_them()
    {
        var tenant = ListsFixture.NewTenantId();
        var broadcast = await AddPausedAsync(tenant, GuardReason);
        using var client = fixture.Client(tenant, "broadcasts:write");

        var bare = await client.PostAsync($"/broadcasts/{broadcast.Id}/resume", null);
        var declined = await client.PostAsJsonAsync($"/broadcasts/{broadcast.Id}/resume", new { acknowledgeGuard = false });

        foreach (var refused in new[] { bare, declined })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            var detail = problem.GetProperty("detail").GetString();
            Assert.Contains("8 of 200 recipients bounced", detail, StringComparison.Ordinal);
            Assert.Contains("\"acknowledgeGuard\": true", detail, StringComparison.Ordinal);
        }

        var still = (await Store.GetAsync(tenant, broadcast.Id, CancellationToken.None))!;
        Assert.Equal((BroadcastStatus.Paused, GuardReason, (DateTimeOffset?)null), (still.Status, still.PauseReason, still.GuardAcknowledgedAt));

        var before = DateTimeOffset.UtcNow;
        var acknowledged = await client.PostAsJsonAsync($"/broadcasts/{broadcast.Id}/resume", new { acknowledgeGuard = true });

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal("sending", (await acknowledged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var resumed = (await Store.GetAsync(tenant, broadcast.Id, CancellationToken.None))!;
        Assert.Equal(BroadcastStatus.Sending, resumed.Status);
        Assert.Null(resumed.PauseReason);
        Assert.NotNull(resumed.GuardAcknowledgedAt);
        Assert.InRange(resumed.GuardAcknowledgedAt.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task A_broadcast_the_tenant_paused_resumes_without_an_acknowledgement_and_another_tenant_cannot_resume_it()
    {
        var tenant = ListsFixture.NewTenantId();
        var broadcast = await AddPausedAsync(tenant, "Checking a typo");
        using var intruder = fixture.Client(ListsFixture.NewTenantId(), "broadcasts:write");
        using var client = fixture.Client(tenant, "broadcasts:write");

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync($"/broadcasts/{broadcast.Id}/resume", new { acknowledgeGuard = true })).StatusCode);
        var resumed = await client.PostAsync($"/broadcasts/{broadcast.Id}/resume", null);

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var read = (await Store.GetAsync(tenant, broadcast.Id, CancellationToken.None))!;
        Assert.Equal((BroadcastStatus.Sending, (DateTimeOffset?)null), (read.Status, read.GuardAcknowledgedAt));
    }

    private async Task<Broadcast> AddPausedAsync(string tenantId, string reason)
    {
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var broadcast = new Broadcast
        {
            TenantId = tenantId,
            Id = RandomId.New(ListIds.Broadcast),
            ListId = RandomId.New(ListIds.List),
            Name = "Spring news",
            From = "news@example.com",
            Content = new MessageContent { Subject = "Spring", Text = "Hello" },
            Status = BroadcastStatus.Paused,
            ScheduledAt = at,
            StartedAt = at,
            PauseReason = reason,
            CreatedAt = at,
            UpdatedAt = at,
        };
        await Store.AddAsync(broadcast, CancellationToken.None);
        return broadcast;
    }
}
