using System.Net;
using System.Text.Json.Nodes;
using EmailList.Core.Events;
using EmailList.Core.Suppression;

namespace EmailList.EventIngester.Tests;

[Collection(IngesterGroup.Name)]
public sealed class StorageFailureTests(IngesterFixture fixture) : IDisposable
{
    public void Dispose()
    {
        fixture.FlakyEvents.FailAdd = null;
        fixture.FlakySuppressions.FailPuts = false;
    }

    [Fact]
    public async Task A_storage_failure_answers_503_and_the_retry_after_recovery_stores_the_event_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        var delivery = IngesterFixture.EventOf(tenant, "delivery");
        fixture.FlakyEvents.FailAdd = _ => true;

        var failed = await fixture.PostAsync(delivery);

        var detail = await failed.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.DoesNotContain("disk I/O", detail, StringComparison.Ordinal);
        Assert.NotNull(failed.Headers.RetryAfter);
        await AssertStoredCount(tenant.Id, 0);

        fixture.FlakyEvents.FailAdd = null;
        Assert.Equal((1, 0, 0), await (await fixture.PostAsync(delivery)).CountsAsync());
        Assert.Equal((0, 1, 0), await (await fixture.PostAsync(delivery)).CountsAsync());
        await AssertStoredCount(tenant.Id, 1);
    }

    [Fact]
    public async Task A_failure_midway_through_a_batch_answers_503_and_the_retry_stores_each_event_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        var messageId = IngesterFixture.NewMessageId();
        var send = IngesterFixture.EventOf(tenant, "send", messageId);
        var delivery = IngesterFixture.EventOf(tenant, "delivery", messageId);
        var batch = new JsonArray(send, delivery).ToJsonString();
        fixture.FlakyEvents.FailAdd = e => e.Type == SesEventType.Delivery;

        var failed = await fixture.PostAsync(batch);

        await failed.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        fixture.FlakyEvents.FailAdd = null;
        Assert.Equal((1, 1, 0), await (await fixture.PostAsync(batch)).CountsAsync());
        await AssertStoredCount(tenant.Id, 2);
        var summary = await fixture.Events.GetMessageAsync(tenant.Id, messageId, CancellationToken.None);
        Assert.Equal(2, summary!.EventCount);
    }

    [Fact]
    public async Task A_suppression_that_failed_after_the_event_was_stored_is_written_on_the_retry()
    {
        var tenant = await fixture.CreateTenantAsync();
        var bounce = IngesterFixture.EventOf(tenant, "bounce").WithRecipient("retry@example.org");
        fixture.FlakySuppressions.FailPuts = true;

        var failed = await fixture.PostAsync(bounce);

        await failed.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Null(await fixture.Suppressions.GetAsync(tenant.Id, "retry@example.org", CancellationToken.None));
        fixture.FlakySuppressions.FailPuts = false;

        Assert.Equal((0, 1, 0), await (await fixture.PostAsync(bounce)).CountsAsync());
        var entry = await fixture.Suppressions.GetAsync(tenant.Id, "retry@example.org", CancellationToken.None);
        Assert.Equal(SuppressionReason.Bounce, entry?.Reason);
        Assert.Equal("ses-event:" + (string)bounce["id"]!, entry?.Source);
    }

    private async Task AssertStoredCount(string tenantId, int expected) =>
        Assert.Equal(expected, (await fixture.Events.QueryAsync(tenantId, new EventQuery(), CancellationToken.None)).Items.Count);
}
